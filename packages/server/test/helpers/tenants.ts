import type { Scope } from '../../src/auth/scopes.ts';
import { createTenant } from '../../src/repositories/tenants.ts';
import type { AppContext } from '../../src/runtime/app-context.ts';
import { issueApiToken } from '../../src/services/api-tokens.ts';

/** A tenant with one token carrying `scopes`. */
export async function tenantWithToken(
  ctx: AppContext,
  slug: string,
  scopes: Scope[],
): Promise<{ tenantId: string; token: string; tokenId: string }> {
  const tenant = await createTenant(ctx.db.owner, { slug, name: slug });
  const { token, info } = await issueApiToken(ctx.db.runtime, tenant.id, { name: `${slug}-token`, scopes });
  return { tenantId: tenant.id, token, tokenId: info.id };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

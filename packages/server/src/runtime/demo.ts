import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { authenticateBearer } from '../auth/authenticate.ts';
import { isAppError } from '../errors/app-error.ts';
import { createTenant, findTenantBySlug } from '../repositories/tenants.ts';
import { issueApiToken } from '../services/api-tokens.ts';
import type { AppContext } from './app-context.ts';

export const DEMO_TENANT_SLUG = 'demo';

/**
 * Ensures the demo tenant and a demo token exist (idempotent across restarts). The token is kept in a
 * 0600 file under the data directory, the same way the development encryption key is, so a client
 * configured with it keeps working after a restart. Never touches any other tenant.
 */
export async function ensureDemoTenant(
  ctx: AppContext,
): Promise<{ tenantId: string; token: string; tokenId: string }> {
  const tenant =
    (await findTenantBySlug(ctx.db.owner, DEMO_TENANT_SLUG)) ??
    (await createTenant(ctx.db.owner, { slug: DEMO_TENANT_SLUG, name: 'Demo' }));
  const file = path.join(ctx.config.dataDir, 'demo-token');
  const saved = await readFile(file, 'utf8').then(
    (s) => s.trim(),
    () => undefined,
  );
  if (saved !== undefined) {
    try {
      const auth = await authenticateBearer(ctx.db.runtime, `Bearer ${saved}`);
      if (auth.tenantId === tenant.id) return { tenantId: tenant.id, token: saved, tokenId: auth.tokenId };
    } catch (error) {
      if (!isAppError(error) || error.code !== 'unauthorized') throw error;
    }
  }
  const { token, info } = await issueApiToken(ctx.db.runtime, tenant.id, {
    name: 'demo',
    scopes: ['read', 'write', 'admin'],
  });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { tenantId: tenant.id, token, tokenId: info.id };
}

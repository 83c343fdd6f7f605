import { forgetVerifiedToken } from '../auth/verified-tokens.ts';
import type { Cache } from '../kv/cache.ts';
import type { Kysely } from 'kysely';
import { generateApiToken } from '../auth/api-token.ts';
import type { Scope } from '../auth/scopes.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/with-tenant.ts';
import { AppError } from '../errors/app-error.ts';
import { insertApiToken, revokeApiToken, type ApiTokenInfo } from '../repositories/api-tokens.ts';

/** Creates a token for a tenant. The returned `token` is the only time it exists in clear. */
export async function issueApiToken(
  runtime: Kysely<Database>,
  tenantId: string,
  input: { name: string; scopes: Scope[]; expiresAt?: Date | undefined },
): Promise<{ token: string; info: ApiTokenInfo }> {
  const { token, hash } = generateApiToken(tenantId);
  const info = await withTenant(runtime, tenantId, (trx) =>
    insertApiToken(trx, { tenantId, hash, ...input }),
  );
  return { token, info };
}

/** Revokes one of the tenant's tokens; another tenant's id answers exactly like an unknown one. */
export async function revokeTenantApiToken(
  runtime: Kysely<Database>,
  cache: Cache,
  tenantId: string,
  tokenId: string,
): Promise<void> {
  const revoked = await withTenant(runtime, tenantId, (trx) => revokeApiToken(trx, tenantId, tokenId));
  // Also when nothing was revoked here: a concurrent revoke may have left a verified entry behind.
  await forgetVerifiedToken(cache, tenantId, tokenId);
  if (!revoked) throw new AppError('not_found', 'no such active token');
}

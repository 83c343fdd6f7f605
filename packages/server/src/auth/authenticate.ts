import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/with-tenant.ts';
import { AppError } from '../errors/app-error.ts';
import type { Cache } from '../kv/cache.ts';
import { findLiveApiToken } from '../repositories/api-tokens.ts';
import { claimedTenantId, hashApiToken } from './api-token.ts';
import type { Scope } from './scopes.ts';
import { recallVerifiedToken, rememberVerifiedToken } from './verified-tokens.ts';

/** Who is calling: resolved from the verified credential only (rule 5). */
export interface AuthContext {
  tenantId: string;
  tokenId: string;
  userId: string | null;
  scopes: Scope[];
}

const BEARER = /^Bearer +([\x21-\x7e]{1,512})$/i;

/**
 * Verifies `Authorization: Bearer <token>`. Every failure is the same `unauthorized` error, whatever was
 * wrong (absent, malformed, unknown, revoked, expired), so answers reveal nothing about other tokens.
 * With a cache, a verified token is remembered briefly (verified-tokens.ts), which spares every MCP
 * message a database transaction; failures are never remembered.
 */
export async function authenticateBearer(
  db: Kysely<Database>,
  header: string | undefined,
  cache?: Cache,
): Promise<AuthContext> {
  if (header === undefined || header === '') {
    throw new AppError('unauthorized', 'missing bearer token');
  }
  const token = BEARER.exec(header)?.[1];
  const tenantId = token === undefined ? null : claimedTenantId(token);
  if (token === undefined || tenantId === null) throw new AppError('unauthorized', 'invalid bearer token');
  const hash = hashApiToken(token);
  const remembered = cache === undefined ? undefined : await recallVerifiedToken(cache, hash);
  if (remembered !== undefined) return remembered;
  const found = await withTenant(db, tenantId, (trx) => findLiveApiToken(trx, tenantId, hash));
  if (found === undefined) throw new AppError('unauthorized', 'invalid bearer token');
  const auth: AuthContext = { tenantId, tokenId: found.id, userId: found.userId, scopes: found.scopes };
  if (cache !== undefined) {
    await rememberVerifiedToken(cache, hash, { auth, expiresAt: found.expiresAt?.toISOString() ?? null });
  }
  return auth;
}

import type { Cache } from '../kv/cache.ts';
import { keyPart } from '../kv/key-parts.ts';
import type { AuthContext } from './authenticate.ts';

/**
 * How long a verified token is trusted without a database look-up. Revoking through the API or the CLI
 * drops the entry at once (in every process when Redis is shared); only a change made to the database by
 * other means waits this long.
 */
export const VERIFIED_TOKEN_TTL_SECONDS = 10;

/** What the cache keeps for a verified token: its caller and when the token itself expires. */
export interface VerifiedToken {
  auth: AuthContext;
  expiresAt: string | null;
}

/** The cache key of a token: its SHA-256, never the token. */
export function verifiedTokenKey(hash: Buffer): string {
  return `auth:token:${hash.toString('hex')}`;
}

/** The tag that drops one token's entry (revocation). */
export function tokenTag(tenantId: string, tokenId: string): string {
  return `auth:token-id:${keyPart(tenantId)}:${keyPart(tokenId)}`;
}

/** Remembers a verified token, never past its own expiry. */
export async function rememberVerifiedToken(cache: Cache, hash: Buffer, entry: VerifiedToken): Promise<void> {
  const untilExpiry = entry.expiresAt === null ? Infinity : (Date.parse(entry.expiresAt) - Date.now()) / 1000;
  const ttlSeconds = Math.min(VERIFIED_TOKEN_TTL_SECONDS, untilExpiry);
  if (!(ttlSeconds > 0)) return;
  await cache.set(verifiedTokenKey(hash), entry, {
    ttlSeconds,
    tags: [tokenTag(entry.auth.tenantId, entry.auth.tokenId)],
  });
}

/** A remembered token that has not expired since. */
export async function recallVerifiedToken(cache: Cache, hash: Buffer): Promise<AuthContext | undefined> {
  const entry = await cache.get<VerifiedToken>(verifiedTokenKey(hash));
  if (entry === undefined) return undefined;
  if (entry.expiresAt !== null && Date.parse(entry.expiresAt) <= Date.now()) return undefined;
  return entry.auth;
}

/** Forgets a token at once (after revoking it). */
export async function forgetVerifiedToken(cache: Cache, tenantId: string, tokenId: string): Promise<void> {
  await cache.invalidateTag(tokenTag(tenantId, tokenId));
}

import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'dst_';
const TENANT_PART = /^[A-Za-z0-9_-]{22}$/;
const SECRET_PART = /^[A-Za-z0-9_-]{43}$/;

/**
 * API tokens look like `dst_<tenant id, base64url>.<32 random bytes, base64url>`. Carrying the tenant id lets
 * verification run inside that tenant's RLS context, with an index that leads with tenant_id, instead of a
 * cross-tenant lookup. The tenant counts only once the hash matches a live token of that tenant.
 */
export function generateApiToken(tenantId: string): { token: string; hash: Buffer } {
  const tenantPart = Buffer.from(tenantId.replaceAll('-', ''), 'hex').toString('base64url');
  const token = `${PREFIX}${tenantPart}.${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token) };
}

export function hashApiToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The tenant id a well-formed token claims, or null for anything else. */
export function claimedTenantId(token: string): string | null {
  if (!token.startsWith(PREFIX)) return null;
  const [tenantPart, secretPart, ...rest] = token.slice(PREFIX.length).split('.');
  if (rest.length > 0 || tenantPart === undefined || secretPart === undefined) return null;
  if (!TENANT_PART.test(tenantPart) || !SECRET_PART.test(secretPart)) return null;
  const hex = Buffer.from(tenantPart, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

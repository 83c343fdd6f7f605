import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Scope } from '../auth/scopes.ts';

/** What a client may see of a token: never its hash. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const INFO_COLUMNS = ['id', 'name', 'scopes', 'created_at', 'expires_at', 'revoked_at'] as const;

interface InfoRow {
  id: string;
  name: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

function toInfo(row: InfoRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as Scope[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertApiToken(
  trx: Transaction<Database>,
  input: { tenantId: string; name: string; scopes: Scope[]; hash: Buffer; expiresAt?: Date | undefined },
): Promise<ApiTokenInfo> {
  const row = await trx
    .insertInto('api_tokens')
    .values({
      tenant_id: input.tenantId,
      name: input.name,
      scopes: input.scopes,
      token_hash: input.hash,
      user_id: null,
      expires_at: input.expiresAt ?? null,
      revoked_at: null,
    })
    .returning(INFO_COLUMNS)
    .executeTakeFirstOrThrow();
  return toInfo(row);
}

/** A live (not revoked, not expired) token of the tenant with this hash. */
export async function findLiveApiToken(
  trx: Transaction<Database>,
  tenantId: string,
  hash: Buffer,
): Promise<{ id: string; userId: string | null; scopes: Scope[]; expiresAt: Date | null } | undefined> {
  const row = await trx
    .selectFrom('api_tokens')
    .innerJoin('tenants', 'tenants.id', 'api_tokens.tenant_id')
    .select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.scopes', 'api_tokens.expires_at'])
    .where('api_tokens.tenant_id', '=', tenantId)
    .where('api_tokens.token_hash', '=', hash)
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', sql<Date>`now()`)]),
    )
    .where('tenants.deleted_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { id: row.id, userId: row.user_id, scopes: row.scopes as Scope[], expiresAt: row.expires_at };
}

export async function listApiTokens(trx: Transaction<Database>, tenantId: string): Promise<ApiTokenInfo[]> {
  const rows = await trx
    .selectFrom('api_tokens')
    .select(INFO_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toInfo);
}

/** Revokes a token; false when the tenant has no such live token. */
export async function revokeApiToken(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

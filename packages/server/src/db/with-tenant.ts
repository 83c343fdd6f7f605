import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import type { Database } from './database.ts';

export const tenantIdSchema = z.uuid();

export interface TenantTransactionOptions {
  /** READ ONLY transaction (analytics reads). */
  readOnly?: boolean;
  /** statement_timeout for this transaction only, in milliseconds. */
  statementTimeoutMs?: number;
  /**
   * Role for this transaction only (`set_config('role', …, true)`: reverts at commit or rollback), e.g.
   * ds_analytics for the SQL templates. The connecting role must be a member of it.
   */
  role?: string;
}

/**
 * The only way tenant data is reached: a transaction whose tenant is set with
 * `set_config('app.current_tenant_id', $1, true)` (transaction-local, bound as a parameter; rule 4).
 * RLS policies compare every row with it; without it every tenant-scoped query raises.
 */
export async function withTenant<T>(
  db: Kysely<Database>,
  tenantId: string,
  fn: (trx: Transaction<Database>) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  if (!tenantIdSchema.safeParse(tenantId).success) {
    // A malformed id here is a programming error: tenant ids come from verified credentials only.
    throw new AppError('internal', 'invalid tenant context');
  }
  const builder = db.transaction();
  // One round trip: the tenant, and the timeout and role when asked, all transaction-local (is_local = true).
  const settings = [sql`set_config('app.current_tenant_id', ${tenantId}, true)`];
  if (options.statementTimeoutMs !== undefined) {
    settings.push(
      sql`set_config('statement_timeout', ${String(Math.floor(options.statementTimeoutMs))}, true)`,
    );
  }
  if (options.role !== undefined) settings.push(sql`set_config('role', ${options.role}, true)`);
  // READ ONLY goes into the BEGIN itself (`start transaction read only`), not a statement of its own.
  return (options.readOnly === true ? builder.setAccessMode('read only') : builder).execute(async (trx) => {
    await sql`select ${sql.join(settings)}`.execute(trx);
    return fn(trx);
  });
}

import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * After a complete backfill of a project, items the source no longer returned are marked deleted (kept
 * for history, hidden from reads). `seenSince` is when the job started: everything written by it since
 * has a newer synced_at, whatever crash and resume happened in between.
 */
export async function softDeleteVanished(
  trx: Transaction<Database>,
  scope: { tenantId: string; instanceId: string; projectKey: string; seenSince: Date },
): Promise<number> {
  const result = await sql`
    update work_items set is_deleted = true
    where tenant_id = ${scope.tenantId}::uuid and instance_id = ${scope.instanceId}::uuid
      and project_key = ${scope.projectKey} and not is_deleted and synced_at < ${scope.seenSince}`.execute(
    trx,
  );
  return Number(result.numAffectedRows ?? 0n);
}

import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

export interface AuditEntry {
  tenantId: string;
  requestId: string;
  tokenId: string | null;
  userId: string | null;
  instanceId: string | null;
  action: string;
  /** Arguments with secrets already removed by the caller. */
  arguments: Record<string, unknown>;
  outcome: 'success' | 'error' | 'replayed';
  errorCode?: string | null;
  upstreamStatus?: number | null;
  durationMs?: number | null;
}

/** Appends one audit row (the runtime role can insert and read, never change or delete: rule 15). */
export async function appendAudit(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId,
      request_id: entry.requestId,
      token_id: entry.tokenId,
      user_id: entry.userId,
      instance_id: entry.instanceId,
      action: entry.action,
      arguments: JSON.stringify(entry.arguments),
      outcome: entry.outcome,
      error_code: entry.errorCode ?? null,
      upstream_status: entry.upstreamStatus ?? null,
      duration_ms: entry.durationMs ?? null,
    })
    .execute();
}

import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/with-tenant.ts';
import { isAppError } from '../errors/app-error.ts';
import type { Logger } from '../observability/logger.ts';
import { listTenants } from '../repositories/tenants.ts';
import { enqueueJob } from './job-store.ts';

/**
 * Queues an incremental sync for every instance whose `next_sync_at` has come (interval > 0), then moves
 * it one interval on. Instances are locked with SKIP LOCKED, so several processes never queue twice.
 */
export async function scheduleDueSyncs(db: {
  owner: Kysely<Database>;
  runtime: Kysely<Database>;
}): Promise<number> {
  let queued = 0;
  for (const tenant of await listTenants(db.owner)) {
    queued += await withTenant(db.runtime, tenant.id, async (trx) => {
      const { rows } = await sql<{ id: string; interval: number }>`
        select id, (sync_settings->>'interval_seconds')::int as interval from source_instances
        where tenant_id = ${tenant.id}::uuid and deleted_at is null and status = 'active'
          and next_sync_at is not null and next_sync_at <= now()
        for update skip locked`.execute(trx);
      let count = 0;
      for (const row of rows) {
        const interval = Number.isFinite(row.interval) ? row.interval : 0;
        await sql`update source_instances set next_sync_at = case when ${interval} > 0
                    then now() + make_interval(secs => ${interval}) else null end
                  where tenant_id = ${tenant.id}::uuid and id = ${row.id}::uuid`.execute(trx);
        if (interval <= 0) continue;
        try {
          await enqueueJob(trx, { tenantId: tenant.id, instanceId: row.id, kind: 'incremental' });
          count += 1;
        } catch (error) {
          // A job already pending or running covers this period.
          if (!isAppError(error) || error.code !== 'conflict') throw error;
        }
      }
      return count;
    });
  }
  return queued;
}

/** Runs the scheduler every `everyMs` until the signal aborts. */
export async function runScheduler(
  db: { owner: Kysely<Database>; runtime: Kysely<Database> },
  logger: Logger,
  options: { everyMs: number; signal: AbortSignal; onQueued?: () => void },
): Promise<void> {
  while (!options.signal.aborted) {
    try {
      if ((await scheduleDueSyncs(db)) > 0) options.onQueued?.();
    } catch (error) {
      logger.error({ err: error }, 'sync scheduler iteration failed');
    }
    await sleep(options.everyMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

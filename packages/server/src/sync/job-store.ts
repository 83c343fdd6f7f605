import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, SyncJobsTable } from '../db/database.ts';
import { withTenant } from '../db/with-tenant.ts';
import { AppError } from '../errors/app-error.ts';
import { listTenants } from '../repositories/tenants.ts';
import {
  jobCheckpointSchema,
  jobCountsSchema,
  jobParamsSchema,
  jobProgressSchema,
  type JobCheckpoint,
  type JobCounts,
  type JobProgress,
  type SyncJob,
} from './job-types.ts';

/** By default, a running job whose worker has not been heard of for this long is taken over (it died). */
export const DEFAULT_LEASE_SECONDS = 30;

function toJob(row: Selectable<SyncJobsTable>): SyncJob {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    instanceId: row.instance_id,
    kind: row.kind,
    status: row.status,
    params: jobParamsSchema.parse(row.params),
    checkpoint: jobCheckpointSchema.parse(row.checkpoint),
    progress: jobProgressSchema.parse(row.progress),
    counts: jobCountsSchema.parse(row.counts),
    error: row.error,
    attempts: row.attempts,
    cancelRequested: row.cancel_requested,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    heartbeatAt: row.heartbeat_at,
  };
}

/**
 * Queues a job for an instance. One job per instance at a time: a pending or running one answers
 * `conflict` naming it.
 */
export async function enqueueJob(
  trx: Transaction<Database>,
  input: { tenantId: string; instanceId: string; kind: SyncJob['kind']; params?: SyncJob['params'] },
): Promise<SyncJob> {
  // Serializes concurrent requests for the same instance inside this transaction.
  await sql`select pg_advisory_xact_lock(hashtext(${`sync:${input.instanceId}`}))`.execute(trx);
  const active = await trx
    .selectFrom('sync_jobs')
    .select(['id', 'status', 'kind'])
    .where('tenant_id', '=', input.tenantId)
    .where('instance_id', '=', input.instanceId)
    .where('status', 'in', ['pending', 'running'])
    .executeTakeFirst();
  if (active !== undefined) {
    throw new AppError('conflict', `a ${active.kind} job for this instance is already ${active.status}`, {
      details: { task_id: active.id, status: active.status },
    });
  }
  const row = await trx
    .insertInto('sync_jobs')
    .values({
      tenant_id: input.tenantId,
      instance_id: input.instanceId,
      kind: input.kind,
      params: JSON.stringify(input.params ?? {}),
      error: null,
      locked_by: null,
      heartbeat_at: null,
      started_at: null,
      finished_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toJob(row);
}

export async function findJob(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
): Promise<SyncJob | undefined> {
  const row = await trx
    .selectFrom('sync_jobs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toJob(row);
}

export async function listJobs(
  trx: Transaction<Database>,
  tenantId: string,
  filter: { instanceId?: string | undefined; status?: SyncJob['status'] | undefined; limit: number },
): Promise<SyncJob[]> {
  let query = trx.selectFrom('sync_jobs').selectAll().where('tenant_id', '=', tenantId);
  if (filter.instanceId !== undefined) query = query.where('instance_id', '=', filter.instanceId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('created_at', 'desc').limit(filter.limit).execute();
  return rows.map(toJob);
}

/**
 * Claims the oldest runnable job of any tenant: pending, or running with a stale heartbeat (its worker
 * died; the job resumes from its checkpoint). Tenants are walked one by one, each under its own RLS
 * context, with FOR UPDATE SKIP LOCKED so concurrent workers never claim the same job.
 */
export async function claimNextJob(
  db: { owner: Kysely<Database>; runtime: Kysely<Database> },
  workerId: string,
  leaseSeconds: number = DEFAULT_LEASE_SECONDS,
): Promise<SyncJob | undefined> {
  for (const tenant of await listTenants(db.owner)) {
    const job = await withTenant(db.runtime, tenant.id, async (trx) => {
      const { rows } = await sql<Selectable<SyncJobsTable>>`
        update sync_jobs set status = 'running', locked_by = ${workerId}, heartbeat_at = now(),
          started_at = coalesce(started_at, now()), attempts = attempts + 1
        where tenant_id = ${tenant.id}::uuid and id = (
          select j.id from sync_jobs j
          where j.tenant_id = ${tenant.id}::uuid
            and (j.status = 'pending'
                 or (j.status = 'running' and j.heartbeat_at < now() - make_interval(secs => ${leaseSeconds})))
            and not exists (
              select 1 from sync_jobs r
              where r.tenant_id = j.tenant_id and r.instance_id = j.instance_id and r.id <> j.id and r.status = 'running')
          order by j.created_at
          for update skip locked
          limit 1)
        returning *`.execute(trx);
      return rows[0];
    });
    if (job !== undefined) return toJob(job);
  }
  return undefined;
}

/**
 * Records progress after a page and extends the lease. Answers what the worker must do next: go on, stop
 * because a cancel was requested, or stop because another worker took the job over.
 */
export async function checkpointJob(
  trx: Transaction<Database>,
  job: Pick<SyncJob, 'tenantId' | 'id'>,
  workerId: string,
  state: { checkpoint: JobCheckpoint; progress: JobProgress; counts: JobCounts },
): Promise<'continue' | 'cancel' | 'lost'> {
  const row = await trx
    .updateTable('sync_jobs')
    .set({
      checkpoint: JSON.stringify(state.checkpoint),
      progress: JSON.stringify(state.progress),
      counts: JSON.stringify(state.counts),
      heartbeat_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .returning('cancel_requested')
    .executeTakeFirst();
  if (row === undefined) return 'lost';
  return row.cancel_requested ? 'cancel' : 'continue';
}

export async function finishJob(
  trx: Transaction<Database>,
  job: Pick<SyncJob, 'tenantId' | 'id'>,
  workerId: string,
  outcome: { status: 'completed' | 'failed' | 'cancelled'; error?: string | undefined },
): Promise<boolean> {
  const result = await trx
    .updateTable('sync_jobs')
    .set({
      status: outcome.status,
      error: outcome.error ?? null,
      finished_at: sql<Date>`now()`,
      locked_by: null,
    })
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Cancels an instance's active job: a pending one at once, a running one at its next checkpoint. */
export async function requestCancel(
  trx: Transaction<Database>,
  tenantId: string,
  instanceId: string,
): Promise<SyncJob | undefined> {
  await trx
    .updateTable('sync_jobs')
    .set({ status: 'cancelled', finished_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('instance_id', '=', instanceId)
    .where('status', '=', 'pending')
    .execute();
  const row = await trx
    .updateTable('sync_jobs')
    .set({ cancel_requested: true })
    .where('tenant_id', '=', tenantId)
    .where('instance_id', '=', instanceId)
    .where('status', '=', 'running')
    .returningAll()
    .executeTakeFirst();
  if (row !== undefined) return toJob(row);
  const last = await trx
    .selectFrom('sync_jobs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('instance_id', '=', instanceId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last === undefined ? undefined : toJob(last);
}

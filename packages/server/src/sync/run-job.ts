import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/with-tenant.ts';
import { isAppError } from '../errors/app-error.ts';
import type { Logger } from '../observability/logger.ts';
import { findInstance, updateInstance, type SourceInstance } from '../repositories/source-instances.ts';
import type { SourceAdapter } from '../sources/source-adapter.ts';
import { checkpointJob, finishJob } from './job-store.ts';
import type { JobCheckpoint, SyncJob } from './job-types.ts';
import { syncProject } from './sync-project.ts';
import type { SyncMetrics } from './sync-metrics.ts';
import { upsertProjects } from './upsert-projects.ts';

export type RecomputeMetrics = (
  trx: Transaction<Database>,
  tenantId: string,
  scope: { projectKeys: string[]; from: string; to: string },
) => Promise<unknown>;

export interface RunJobDeps {
  /** The runtime role for data; the owner only to refresh planner statistics. */
  db: { runtime: Kysely<Database>; owner: Kysely<Database> };
  adapterFor: (instance: SourceInstance) => SourceAdapter;
  recomputeMetrics: RecomputeMetrics;
  metrics: SyncMetrics;
  logger: Logger;
  workerId: string;
  /** Set when the worker is stopping: the job is left at its checkpoint for another worker. */
  stopping: () => boolean;
  now?: () => Date;
}

export type JobEnd = 'completed' | 'failed' | 'cancelled' | 'lost' | 'released';

/** Runs a claimed job from its checkpoint to the end (or to a cancel, a lost lease or a stop). */
export async function runJob(deps: RunJobDeps, job: SyncJob): Promise<JobEnd> {
  const started = performance.now();
  const { tenantId } = job;
  const logger = deps.logger.child({
    tenant_id: tenantId,
    instance_id: job.instanceId,
    job_id: job.id,
    kind: job.kind,
  });
  const instance = await withTenant(deps.db.runtime, tenantId, (trx) =>
    findInstance(trx, tenantId, job.instanceId),
  );
  if (instance === undefined) {
    await withTenant(deps.db.runtime, tenantId, (trx) =>
      finishJob(trx, job, deps.workerId, { status: 'failed', error: 'the instance was deleted' }),
    );
    return 'failed';
  }
  const adapter = deps.adapterFor(instance);
  let end: JobEnd;
  try {
    end = await runProjects(deps, job, instance, adapter, logger);
  } catch (error) {
    const message = isAppError(error) ? error.message : 'internal error';
    if (!isAppError(error)) logger.error({ err: error }, 'sync job failed');
    else logger.warn({ code: error.code, reason: error.message }, 'sync job failed');
    await withTenant(deps.db.runtime, tenantId, async (trx) => {
      await finishJob(trx, job, deps.workerId, { status: 'failed', error: message });
      await updateInstance(trx, tenantId, instance.id, { state: { ...instance.state, last_error: message } });
    });
    end = 'failed';
  } finally {
    await adapter.close();
  }
  if (end !== 'lost' && end !== 'released') {
    deps.metrics.operations.inc({ source: instance.source, status: end });
    deps.metrics.duration.observe({ source: instance.source }, (performance.now() - started) / 1000);
  }
  logger.info({ end, counts: job.counts }, 'sync job ended');
  return end;
}

async function runProjects(
  deps: RunJobDeps,
  job: SyncJob,
  instance: SourceInstance,
  adapter: SourceAdapter,
  logger: Logger,
): Promise<JobEnd> {
  const { tenantId } = job;
  let checkpoint: JobCheckpoint = job.checkpoint;
  if (checkpoint.projects === undefined) {
    const listed = await adapter.listProjects();
    await withTenant(deps.db.runtime, tenantId, (trx) => upsertProjects(trx, instance, listed));
    const wanted = job.params.project_keys ?? instance.settings.project_keys;
    checkpoint = { ...checkpoint, projects: wanted ?? listed.map((p) => p.key) };
    job.progress.projects_total = checkpoint.projects?.length ?? 0;
  }
  const state = { ...instance.state, watermarks: { ...instance.state.watermarks } };
  const shared: JobCheckpoint = {
    ...checkpoint,
    done: [...checkpoint.done],
    cursors: { ...checkpoint.cursors },
  };
  // The first project that stops the job (cancel, lost lease, stop, failure) makes the others stop too.
  let stopped: JobEnd | 'cancel' | 'error' | null = null;
  const limit = pLimit(instance.settings.project_concurrency);
  const remaining = (shared.projects ?? []).filter((key) => !shared.done.includes(key));
  const outcomes = await Promise.allSettled(
    remaining.map((projectKey) =>
      limit(async () => {
        if (stopped !== null) return;
        const outcome = await syncProject(deps, {
          job,
          instance,
          adapter,
          projectKey,
          checkpoint: shared,
          state,
          logger,
          halted: () => stopped !== null,
        }).catch((error: unknown) => {
          stopped ??= 'error';
          throw error;
        });
        if (outcome.end !== 'project_done') {
          stopped ??= outcome.end;
          return;
        }
        delete shared.cursors[projectKey];
        shared.done.push(projectKey);
        job.progress.projects_done = shared.done.length;
        const next = await withTenant(deps.db.runtime, tenantId, async (trx) => {
          await updateInstance(trx, tenantId, instance.id, { state });
          return checkpointJob(trx, job, deps.workerId, {
            checkpoint: shared,
            progress: job.progress,
            counts: job.counts,
          });
        });
        if (next !== 'continue') stopped ??= next;
      }),
    ),
  );
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  if (stopped === 'cancel') return finish(deps, job, 'cancelled');
  if (stopped !== null && stopped !== 'error') return stopped;
  const now = (deps.now ?? (() => new Date()))().toISOString();
  await withTenant(deps.db.runtime, tenantId, (trx) =>
    updateInstance(trx, tenantId, instance.id, {
      state: {
        ...state,
        last_sync_at: now,
        last_error: null,
        ...(job.kind === 'backfill' ? { last_backfill_at: now } : {}),
      },
    }),
  );
  return finish(deps, job, 'completed');
}

async function finish(deps: RunJobDeps, job: SyncJob, status: 'completed' | 'cancelled'): Promise<JobEnd> {
  const ok = await withTenant(deps.db.runtime, job.tenantId, (trx) =>
    finishJob(trx, job, deps.workerId, { status }),
  );
  return ok ? status : 'lost';
}

import { withTenant } from '../db/with-tenant.ts';
import { AppError } from '../errors/app-error.ts';
import type { SourceAdapter } from '../sources/source-adapter.ts';
import type { SourceInstance } from '../repositories/source-instances.ts';
import { enqueueJob, findJob, requestCancel } from '../sync/job-store.ts';
import type { SyncJob } from '../sync/job-types.ts';
import { audit, requireInstance, type Actor, type InstanceServiceDeps } from './instances.ts';

export interface SyncServiceDeps extends InstanceServiceDeps {
  adapterFor: (instance: SourceInstance) => SourceAdapter;
  /** Wakes a local worker at once. */
  onJobQueued: () => void;
}

export function presentJob(job: SyncJob): Record<string, unknown> {
  return {
    task_id: job.id,
    instance_id: job.instanceId,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    counts: job.counts,
    error: job.error,
    attempts: job.attempts,
    cancel_requested: job.cancelRequested,
    created_at: job.createdAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    finished_at: job.finishedAt?.toISOString() ?? null,
  };
}

/** Refuses project keys the source does not list, naming them. */
async function checkProjects(adapter: SourceAdapter, keys: readonly string[]): Promise<void> {
  const listed = new Set((await adapter.listProjects()).map((p) => p.key));
  const unknown = keys.filter((k) => !listed.has(k));
  if (unknown.length > 0) {
    throw new AppError('validation_error', `unknown project(s): ${unknown.slice(0, 20).join(', ')}`, {
      details: { unknown: unknown.slice(0, 20) },
    });
  }
}

export async function startJob(
  deps: SyncServiceDeps,
  actor: Actor,
  instanceId: string,
  kind: SyncJob['kind'],
  projectKeys?: string[],
): Promise<{ task_id: string }> {
  const instance = await requireInstance(deps, actor.tenantId, instanceId);
  if (instance.status === 'paused') throw new AppError('conflict', 'the instance is paused; resume it first');
  if (projectKeys !== undefined && projectKeys.length > 0) {
    const adapter = deps.adapterFor(instance);
    try {
      await checkProjects(adapter, projectKeys);
    } finally {
      await adapter.close();
    }
  }
  const job = await withTenant(deps.runtime, actor.tenantId, async (trx) => {
    const queued = await enqueueJob(trx, {
      tenantId: actor.tenantId,
      instanceId,
      kind,
      params: projectKeys === undefined ? {} : { project_keys: projectKeys },
    });
    await audit(
      trx,
      actor,
      instanceId,
      `instance.${kind}`,
      projectKeys === undefined ? {} : { project_keys: projectKeys },
    );
    return queued;
  });
  deps.onJobQueued();
  return { task_id: job.id };
}

export async function getJob(
  deps: Pick<InstanceServiceDeps, 'runtime'>,
  tenantId: string,
  instanceId: string,
  taskId: string,
): Promise<SyncJob> {
  const job = await withTenant(deps.runtime, tenantId, (trx) => findJob(trx, tenantId, taskId));
  if (job === undefined || job.instanceId !== instanceId) throw new AppError('not_found', 'no such task');
  return job;
}

export async function cancelJob(
  deps: InstanceServiceDeps,
  actor: Actor,
  instanceId: string,
): Promise<SyncJob> {
  await requireInstance(deps, actor.tenantId, instanceId);
  const job = await withTenant(deps.runtime, actor.tenantId, async (trx) => {
    const last = await requestCancel(trx, actor.tenantId, instanceId);
    await audit(trx, actor, instanceId, 'instance.cancel', {});
    return last;
  });
  if (job === undefined) throw new AppError('not_found', 'this instance has no job to cancel');
  return job;
}

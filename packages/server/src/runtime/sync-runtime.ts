import { adapterFor } from '../sources/adapter-provider.ts';
import type { SourceInstance } from '../repositories/source-instances.ts';
import type { SyncServiceDeps } from '../services/sync-jobs.ts';
import { upstreamMetrics } from '../sources/upstream/upstream-metrics.ts';
import { recomputeDailyMetrics } from '../sync/metrics/recompute-daily-metrics.ts';
import { syncMetrics } from '../sync/sync-metrics.ts';
import { SyncWorker } from '../sync/sync-worker.ts';
import type { AppContext } from './app-context.ts';

/** What the admin API's instance and sync services need, built from the context. */
export function syncServiceDeps(ctx: AppContext): SyncServiceDeps {
  const metrics = upstreamMetrics(ctx.metrics);
  return {
    runtime: ctx.db.runtime,
    keyring: ctx.keyring,
    modules: ctx.sources,
    recomputeMetrics: recomputeDailyMetrics,
    adapterFor: (instance: SourceInstance) =>
      adapterFor(instance, {
        modules: ctx.sources,
        keyring: ctx.keyring,
        limiter: ctx.kv.rateLimiter,
        metrics,
      }),
    onJobQueued: () => ctx.events.emit('jobQueued'),
  };
}

/** A sync worker on this context, woken whenever a job is queued in this process. */
export function createSyncWorker(
  ctx: AppContext,
  options: { pollMs?: number; heartbeatMs?: number } = {},
): SyncWorker {
  const deps = syncServiceDeps(ctx);
  const worker = new SyncWorker({
    db: ctx.db,
    adapterFor: deps.adapterFor,
    recomputeMetrics: recomputeDailyMetrics,
    metrics: syncMetrics(ctx.metrics),
    logger: ctx.logger.child({ component: 'sync-worker' }),
    leaseSeconds: ctx.config.sync.leaseSeconds,
    ...options,
  });
  ctx.events.on('jobQueued', () => worker.poke());
  return worker;
}

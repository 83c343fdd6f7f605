import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { withTenant } from '../db/with-tenant.ts';
import type { Logger } from '../observability/logger.ts';
import type { SourceInstance } from '../repositories/source-instances.ts';
import type { SourceAdapter } from '../sources/source-adapter.ts';
import type { ItemPage, SourceItem } from '../sources/source-item.ts';
import { analyzeSyncTables, nextAnalyzeThreshold } from './analyze-tables.ts';
import { checkpointJob } from './job-store.ts';
import type { JobCheckpoint, SyncJob } from './job-types.ts';
import type { JobEnd, RunJobDeps } from './run-job.ts';
import { softDeleteVanished } from './soft-delete.ts';
import type { SyncState } from './sync-settings.ts';
import { writeItems } from './write-items.ts';

export interface ProjectRun {
  job: SyncJob;
  instance: SourceInstance;
  adapter: SourceAdapter;
  projectKey: string;
  /** The job's checkpoint, shared by the projects in flight: each keeps its own cursor in it. */
  checkpoint: JobCheckpoint;
  /** True once another project of the job stopped it (cancel, lost lease, failure). */
  halted: () => boolean;
  /** The instance's sync state; the project's watermark is advanced in place. */
  state: SyncState;
  logger: Logger;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The earliest day an item's write can change metrics for: its creation or its earliest transition. */
function earliestDay(items: readonly SourceItem[]): Date | null {
  let earliest: Date | null = null;
  for (const item of items) {
    for (const at of [item.createdAt, ...item.transitions.map((t) => t.at)])
      if (earliest === null || at < earliest) earliest = at;
  }
  return earliest;
}

/**
 * Pages through one project from the checkpoint: each page is written in its own tenant transaction,
 * then the checkpoint (project and cursor) is saved, so a crash resumes at the next page. Incremental
 * runs start at the project's watermark minus the overlap window. A complete backfill marks vanished
 * items deleted. Daily metrics are recomputed from the earliest touched day.
 */
export async function syncProject(
  deps: RunJobDeps,
  run: ProjectRun,
): Promise<{ end: JobEnd | 'project_done' }> {
  const { job, instance, adapter, projectKey } = run;
  const { tenantId } = job;
  const target = { tenantId, instanceId: instance.id, source: instance.source, mapping: instance.mapping };
  const watermark = run.state.watermarks[projectKey];
  const since =
    job.kind === 'incremental' && watermark !== undefined
      ? new Date(new Date(watermark).getTime() - instance.settings.overlap_seconds * 1000)
      : undefined;
  const checkpoint = run.checkpoint;
  let cursor = checkpoint.cursors[projectKey] ?? null;
  checkpoint.cursors[projectKey] = cursor;
  let newest = watermark === undefined ? null : new Date(watermark);
  let touchedFrom: Date | null = null;
  const fetchPage = (from: string | null): Promise<{ page: ItemPage; ms: number }> => {
    const started = performance.now();
    const fetched = adapter
      .fetchItems({ projectKey, since, cursor: from ?? undefined, pageSize: instance.settings.page_size })
      .then((page) => ({ page, ms: performance.now() - started }));
    // Awaited below; this only keeps a failed prefetch from counting as unhandled meanwhile.
    fetched.catch(() => undefined);
    return fetched;
  };
  // The next page is fetched while the current one is written: the source and the database work in parallel.
  let pending: Promise<{ page: ItemPage; ms: number }> | null = fetchPage(cursor);
  let analyzeAt = nextAnalyzeThreshold(job.counts.items);
  while (pending !== null) {
    if (deps.stopping() || run.halted()) {
      await pending.catch(() => undefined);
      return { end: 'released' };
    }
    const { page, ms }: { page: ItemPage; ms: number } = await pending;
    cursor = page.nextCursor;
    pending = cursor === null ? null : fetchPage(cursor);
    if (page.expectedTotal !== null && job.progress.items_expected === null)
      job.progress.items_expected = page.expectedTotal;
    for (const item of page.items) if (newest === null || item.updatedAt > newest) newest = item.updatedAt;
    const earliest = earliestDay(page.items);
    if (earliest !== null && (touchedFrom === null || earliest < touchedFrom)) touchedFrom = earliest;
    checkpoint.cursors[projectKey] = cursor;
    const writeStarted = performance.now();
    // The page and its checkpoint commit together. Without waiting for the WAL flush: a crash can only
    // lose the newest pages together with their checkpoint, and those pages are fetched again.
    const next = await withTenant(deps.db.runtime, tenantId, async (trx) => {
      await sql`select set_config('synchronous_commit', 'off', true)`.execute(trx);
      const counts = await writeItems(trx, target, page.items);
      job.counts.items += counts.items;
      job.counts.transitions += counts.transitions;
      job.counts.comments += counts.comments;
      job.counts.links += counts.links;
      job.counts.pages += 1;
      job.progress.items_done += counts.items;
      job.progress.history_done += counts.transitions;
      job.progress.fetch_ms += Math.round(ms);
      job.progress.write_ms += Math.round(performance.now() - writeStarted);
      deps.metrics.items.inc({ source: instance.source }, counts.items);
      return checkpointJob(trx, job, deps.workerId, {
        checkpoint,
        progress: job.progress,
        counts: job.counts,
      });
    });
    if (job.counts.items >= analyzeAt) {
      await analyzeSyncTables(deps.db.owner);
      analyzeAt = nextAnalyzeThreshold(job.counts.items);
    }
    if (next === 'lost' || next === 'cancel') await pending?.catch(() => undefined);
    if (next === 'lost') return { end: 'lost' };
    if (next === 'cancel') {
      await withTenant(deps.db.runtime, tenantId, (trx) =>
        trx
          .updateTable('sync_jobs')
          .set({ status: 'cancelled', finished_at: sql<Date>`now()`, locked_by: null })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', job.id)
          .execute(),
      );
      return { end: 'cancelled' };
    }
  }
  await withTenant(deps.db.runtime, tenantId, async (trx) => {
    if (job.kind === 'backfill' && job.startedAt !== null) {
      job.counts.deleted += await softDeleteVanished(trx, {
        tenantId,
        instanceId: instance.id,
        projectKey,
        seenSince: job.startedAt,
      });
    }
    const from =
      job.kind === 'backfill' ? await projectStart(trx, tenantId, instance.id, projectKey) : touchedFrom;
    if (from !== null) {
      await deps.recomputeMetrics(trx, tenantId, {
        projectKeys: [projectKey],
        from: day(from),
        to: day(new Date()),
      });
    }
  });
  if (newest !== null) run.state.watermarks[projectKey] = newest.toISOString();
  return { end: 'project_done' };
}

async function projectStart(
  trx: Parameters<Parameters<typeof withTenant>[2]>[0],
  tenantId: string,
  instanceId: string,
  projectKey: string,
): Promise<Date | null> {
  const row = await trx
    .selectFrom('work_items')
    .select((eb) => eb.fn.min('created_at').as('first'))
    .where('tenant_id', '=', tenantId)
    .where('instance_id', '=', instanceId)
    .where('project_key', '=', projectKey)
    .executeTakeFirst();
  return (row?.first as Date | null | undefined) ?? null;
}

import { z } from 'zod';

export const jobStatusSchema = z.enum(['pending', 'running', 'completed', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobParamsSchema = z
  .object({
    project_keys: z.array(z.string()).optional(),
  })
  .loose();

/**
 * Where a job resumes after a crash: the projects to sync, those done, and for each project in flight the
 * cursor of its next page (null: its first page).
 */
export const jobCheckpointSchema = z
  .object({
    projects: z.array(z.string()).optional(),
    done: z.array(z.string()).default([]),
    cursors: z.record(z.string(), z.string().nullable()).default({}),
  })
  .loose();
export type JobCheckpoint = z.infer<typeof jobCheckpointSchema>;

export const jobProgressSchema = z
  .object({
    projects_total: z.number().default(0),
    projects_done: z.number().default(0),
    items_done: z.number().default(0),
    items_expected: z.number().nullable().default(null),
    history_done: z.number().default(0),
    /** Time spent waiting on the source and writing to the database, in ms. */
    fetch_ms: z.number().default(0),
    write_ms: z.number().default(0),
  })
  .loose();
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobCountsSchema = z
  .object({
    items: z.number().default(0),
    transitions: z.number().default(0),
    comments: z.number().default(0),
    links: z.number().default(0),
    deleted: z.number().default(0),
    pages: z.number().default(0),
  })
  .loose();
export type JobCounts = z.infer<typeof jobCountsSchema>;

export interface SyncJob {
  tenantId: string;
  id: string;
  instanceId: string;
  kind: 'backfill' | 'incremental';
  status: JobStatus;
  params: z.infer<typeof jobParamsSchema>;
  checkpoint: JobCheckpoint;
  progress: JobProgress;
  counts: JobCounts;
  error: string | null;
  attempts: number;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
}

import { z } from 'zod';

/** How one instance is synced; stored in source_instances.sync_settings, editable through the API. */
export const syncSettingsSchema = z.strictObject({
  /** Projects (Jira keys, `owner/repo`, Asana project gids, Linear team keys) to sync; all when absent. */
  project_keys: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
  /** Incremental sync period; 0 turns the schedule off. */
  interval_seconds: z.number().int().min(0).max(86_400).default(300),
  /** How far before the watermark incremental sync looks again, so nothing at the boundary is missed. */
  overlap_seconds: z.number().int().min(0).max(86_400).default(120),
  /** The instance's upstream request budget, shared by every worker. */
  requests_per_minute: z.number().int().min(1).max(100_000).default(1_200),
  /** Projects of the instance synced at the same time within one job. */
  project_concurrency: z.number().int().min(1).max(8).default(2),
  /** Items per upstream page. */
  page_size: z.number().int().min(10).max(100).default(100),
  /** Writes through MCP Jira per minute on this instance (a token bucket of this size, refilled over a minute). */
  write_rate_limit_per_minute: z.number().int().min(1).max(10_000).default(100),
  /** Allow a base URL on a link-local network (self-hosted servers only). */
  allow_link_local: z.boolean().default(false),
});
export type SyncSettings = z.infer<typeof syncSettingsSchema>;
export const defaultSyncSettings: SyncSettings = syncSettingsSchema.parse({});

/** Per-project progress kept on the instance between runs (not user-editable). */
export const syncStateSchema = z
  .object({
    /** Per project key: the newest `updatedAt` seen, as ISO. */
    watermarks: z.record(z.string(), z.string()).default({}),
    last_backfill_at: z.string().nullable().default(null),
    last_sync_at: z.string().nullable().default(null),
    last_error: z.string().nullable().default(null),
  })
  .loose();
export type SyncState = z.infer<typeof syncStateSchema>;

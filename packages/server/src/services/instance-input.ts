import { z } from 'zod';
import { instanceMappingSchema } from '../sources/normalize/instance-mapping.ts';
import { sourceTypeSchema } from '../sources/source-type.ts';
import { syncSettingsSchema } from '../sync/sync-settings.ts';

/** Body of `POST /api/v1/instances`. Credentials are checked by the source's own schema afterwards. */
export const createInstanceBody = z.strictObject({
  source_type: sourceTypeSchema,
  name: z.string().trim().min(1).max(200),
  base_url: z.string().min(1).max(2048),
  credentials: z.record(z.string(), z.unknown()),
  mapping: instanceMappingSchema.optional(),
  sync_settings: syncSettingsSchema.partial().optional(),
});
export type CreateInstanceBody = z.infer<typeof createInstanceBody>;

/** Body of `PATCH /api/v1/instances/:id`: every field optional; credentials are write-only. */
export const patchInstanceBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    base_url: z.string().min(1).max(2048),
    credentials: z.record(z.string(), z.unknown()),
    mapping: instanceMappingSchema,
    sync_settings: syncSettingsSchema.partial(),
    status: z.enum(['active', 'paused']),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { error: 'nothing to change' });
export type PatchInstanceBody = z.infer<typeof patchInstanceBody>;

/** What clients see of an instance: never credentials or secrets. */
export const instanceViewSchema = z.object({
  id: z.uuid(),
  source_type: sourceTypeSchema,
  name: z.string(),
  base_url: z.string(),
  auth_type: z.string(),
  status: z.string(),
  mapping: instanceMappingSchema,
  sync_settings: syncSettingsSchema,
  sync_state: z.object({
    watermarks: z.record(z.string(), z.string()),
    last_backfill_at: z.string().nullable(),
    last_sync_at: z.string().nullable(),
    last_error: z.string().nullable(),
  }),
  webhook_path: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type InstanceView = z.infer<typeof instanceViewSchema>;

import { z } from 'zod';
import { normalizedPrioritySchema, normalizedStatusSchema, normalizedTypeSchema } from '../source-type.ts';

const originalName = z.string().trim().min(1).max(200);
const table = <T extends z.ZodType>(value: T) =>
  z
    .record(originalName, value)
    .refine((r) => Object.keys(r).length <= 500, { error: 'at most 500 entries' })
    .optional();

/**
 * Per-instance overrides of the default normalization, keyed by the source's own value (matched without
 * regard to case): `{ "status": { "QA": "in_progress" }, "type": { "Incident": "bug" }, "priority": { "P0": "critical" } }`.
 */
export const instanceMappingSchema = z.strictObject({
  status: table(normalizedStatusSchema),
  type: table(normalizedTypeSchema),
  priority: table(normalizedPrioritySchema),
});
export type InstanceMapping = z.infer<typeof instanceMappingSchema>;

/** Looks a source value up in one table of the mapping, case-insensitively. */
export function lookupOverride<T>(
  table: Record<string, T> | undefined,
  original: string | null,
): T | undefined {
  if (table === undefined || original === null) return undefined;
  const wanted = original.trim().toLowerCase();
  for (const [name, value] of Object.entries(table)) if (name.toLowerCase() === wanted) return value;
  return undefined;
}

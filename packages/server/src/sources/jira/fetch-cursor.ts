import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

/**
 * Where a project fetch resumes: after the last item returned, in the fetch's order (`updated`, then the
 * key's number). Jira's `nextPageToken` is not kept: it expires after 7 days, and it counts positions in a
 * result that shifts when an issue earlier in it is updated meanwhile, which would skip an item. Resuming
 * from the last item (keyset) skips nothing and survives restarts; the price is re-reading the few items of
 * the last item's minute, which the adapter drops.
 */
const fetchCursorSchema = z.strictObject({
  v: z.literal(1),
  /** Project key the cursor belongs to. */
  p: z.string().min(1),
  /** `since` of the fetch, in epoch ms, or null for a backfill. */
  s: z.number().nullable(),
  /** The last returned item: its `updated` (epoch ms) and key number. */
  u: z.number(),
  n: z.number(),
  /** The total Jira estimated when the fetch began. */
  t: z.number().int().min(0).nullable(),
});
export type FetchCursor = z.infer<typeof fetchCursorSchema>;

export function encodeFetchCursor(cursor: FetchCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeFetchCursor(text: string, projectKey: string): FetchCursor {
  let parsed: FetchCursor | null = null;
  try {
    const result = fetchCursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (result.success) parsed = result.data;
  } catch {
    parsed = null;
  }
  if (parsed === null) throw new AppError('validation_error', 'cursor: not a cursor of a Jira project fetch');
  if (parsed.p !== projectKey)
    throw new AppError('validation_error', `cursor: belongs to project ${parsed.p}, not ${projectKey}`);
  return parsed;
}

/** The number of a key (`PAY-123` → 123): what `ORDER BY key` sorts on within one project. */
export function keyNumber(key: string): number {
  const match = /-(\d+)$/.exec(key);
  return match === null ? Number.MAX_SAFE_INTEGER : Number(match[1]);
}

/** Whether an item comes after the cursor's position in `ORDER BY updated ASC, key ASC`. */
export function isAfter(updatedMs: number, key: string, cursor: Pick<FetchCursor, 'u' | 'n'>): boolean {
  return updatedMs > cursor.u || (updatedMs === cursor.u && keyNumber(key) > cursor.n);
}

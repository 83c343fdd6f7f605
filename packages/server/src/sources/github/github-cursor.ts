import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

/**
 * Where a read of a repository's issue list (sorted by update time, oldest first) stands, as an opaque
 * cursor the sync engine checkpoints. It holds a watermark, not a page number: each page asks again with
 * `since` = the last update seen (less one second, in case GitHub's `since` is exclusive), and skips the
 * items already delivered at that boundary (`seen`). An item updated during the read moves past the
 * watermark and is delivered again, with its new state, later in the read; no item is skipped because
 * another one moved. `page` leaves 1 only when more than a page of items share the boundary second; then
 * the `link` header's next page of that same query is followed.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  /** Epoch seconds of `since`, or null for the very beginning. */
  since: z.number().int().min(0).nullable(),
  page: z.number().int().min(1),
  /** [issue id, updated_at in epoch seconds] of items delivered at or after `since`. */
  seen: z.array(z.tuple([z.number(), z.number().int()])),
});
export type ScanState = z.infer<typeof cursorSchema>;

/** Seconds of overlap between pages. */
const OVERLAP = 1;
/**
 * Boundary ids kept in a cursor. Only a burst of more updates in two seconds than this can make an item be
 * delivered twice (never missed): the engine's upsert absorbs that.
 */
const MAX_SEEN = 1000;

export function firstState(since: Date | undefined): ScanState {
  return { v: 1, since: since === undefined ? null : Math.floor(since.getTime() / 1000), page: 1, seen: [] };
}

export function encodeCursor(state: ScanState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(cursor: string): ScanState {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) throw new AppError('validation_error', 'cursor: not a cursor of this GitHub adapter');
  return parsed.data;
}

export interface ListedItem {
  id: number;
  /** updated_at in epoch seconds. */
  updated: number;
}

export interface Step {
  /** Ids on this page not delivered before. */
  fresh: Set<number>;
  /** The state after delivering them. */
  next: ScanState;
}

/**
 * Folds one answered page into the scan state. `nextPage` is the page number of the answer's `link`
 * rel="next" (undefined on the last page); it is used only when the query itself does not move on.
 */
export function step(state: ScanState, listed: readonly ListedItem[], nextPage: number | undefined): Step {
  const seenIds = new Set(state.seen.map(([id]) => id));
  const fresh = new Set(listed.filter((item) => !seenIds.has(item.id)).map((item) => item.id));
  const last = listed[listed.length - 1];
  if (last === undefined) return { fresh, next: state };
  // Never behind the current query: a page that all sits at one second moves on by page instead.
  const since = Math.max(state.since ?? 0, last.updated - OVERLAP);
  const delivered: Array<[number, number]> = [
    ...state.seen,
    ...listed.filter((item) => fresh.has(item.id)).map((item): [number, number] => [item.id, item.updated]),
  ];
  const seen = delivered.filter(([, updated]) => updated >= since).slice(-MAX_SEEN);
  const page = since === state.since ? (nextPage ?? state.page + 1) : 1;
  return { fresh, next: { v: 1, since, page, seen } };
}

/** `since` as GitHub takes it: ISO 8601 in UTC, whole seconds. */
export function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

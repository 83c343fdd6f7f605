import type { LimitFunction } from 'p-limit';
import type { FetchItemsRequest } from '../source-adapter.ts';
import type { ItemPage } from '../source-item.ts';
import { isOffsetRefused, type AsanaApi } from './asana-api.ts';
import { decodeCursor, encodeCursor } from './asana-cursor.ts';
import { asanaTaskSchema, TASK_FIELDS } from './asana-payloads.ts';
import { requireGid, withHistory } from './asana-tasks.ts';

/**
 * One page of a project's tasks for the sync engine: `GET /tasks?project=…[&modified_since=…]&limit=…`, in
 * Asana's project order (stable: offsets continue after the last task served, whatever was added or removed
 * meanwhile), each task with all its stories.
 *
 * Order: Asana cannot list by modification time, so with `since` the page is in project order too, not oldest
 * update first; resume through the cursor, not a watermark taken mid-walk.
 *
 * A resumed walk queries with the `since` it started with (kept in the cursor), whatever `since` the caller
 * passes alongside. When Asana refuses the offset (tokens expire), the walk restarts from its first page with
 * that same `since`: nothing is missed, and the tasks already visited are delivered again (upserts by sourceId
 * and transition eventId make that harmless).
 */
export async function fetchProjectPage(
  api: AsanaApi,
  limit: LimitFunction,
  request: FetchItemsRequest,
): Promise<ItemPage> {
  const project = requireGid(request.projectKey, 'project');
  const resumed = request.cursor === undefined ? null : decodeCursor(request.cursor, project);
  const since = resumed ? resumed.since : (request.since?.toISOString() ?? null);
  const pageSize = Math.min(100, Math.max(1, Math.floor(request.pageSize)));
  const query = { project, modified_since: since ?? undefined, opt_fields: TASK_FIELDS };
  const read = (offset: string | null) =>
    api.page('tasks', query, asanaTaskSchema, { limit: pageSize, offset });
  let page;
  try {
    page = await read(resumed?.offset ?? null);
  } catch (error) {
    if (resumed === null || !isOffsetRefused(error)) throw error;
    page = await read(null);
  }
  const items = await withHistory(api, limit, page.items, () => project);
  const nextCursor =
    page.nextOffset === null ? null : encodeCursor({ v: 1, project, since, offset: page.nextOffset });
  return { items, nextCursor, expectedTotal: null };
}

import type { LimitFunction } from 'p-limit';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { ItemPage } from '../source-item.ts';
import type { AsanaApi } from './asana-api.ts';
import { asanaTaskSchema, TASK_FIELDS, type AsanaTask } from './asana-payloads.ts';
import { requireGid, withHistory } from './asana-tasks.ts';

/**
 * Search over project task lists: `project:<gid>` terms pick the projects (all projects of every workspace
 * when there are none), the other words must all appear in the task name, case-insensitively. Asana's own
 * `/workspaces/{gid}/tasks/search` needs a premium workspace, so it is not used. A call scans at most
 * MAX_SCAN_PAGES listing pages and may answer fewer matches than asked, with a cursor to continue.
 */

const MAX_SCAN_PAGES = 10;

const searchCursorSchema = z.strictObject({
  v: z.literal(1),
  query: z.string(),
  project: z.string().min(1),
  offset: z.string().min(1).nullable(),
  /** Tasks of the page at `offset` already looked at. */
  skip: z.number().int().min(0),
});
type SearchCursor = z.infer<typeof searchCursorSchema>;

export interface ParsedQuery {
  projects: string[];
  words: string[];
}

export function parseSearchQuery(query: string): ParsedQuery {
  const projects: string[] = [];
  const words: string[] = [];
  for (const term of query.trim().split(/\s+/).filter(Boolean)) {
    const project = /^project:(.+)$/i.exec(term)?.[1];
    if (project !== undefined) projects.push(requireGid(project, 'project'));
    else words.push(term.toLowerCase());
  }
  return { projects, words };
}

function encode(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(raw: string, query: string): SearchCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = searchCursorSchema.safeParse(json);
  if (!parsed.success || parsed.data.query !== query) {
    throw new AppError('validation_error', 'cursor: not a cursor of this search');
  }
  return parsed.data;
}

export async function searchTasks(
  api: AsanaApi,
  limit: LimitFunction,
  query: string,
  options: { limit: number; cursor?: string | undefined },
  allProjects: () => Promise<string[]>,
): Promise<ItemPage> {
  const parsed = parseSearchQuery(query);
  const projects = parsed.projects.length > 0 ? parsed.projects : await allProjects();
  const wanted = Math.min(100, Math.max(1, Math.floor(options.limit)));
  const from = options.cursor === undefined ? null : decode(options.cursor, query);
  let index = from === null ? 0 : projects.indexOf(from.project);
  if (index < 0) return { items: [], nextCursor: null, expectedTotal: null };
  let offset = from?.offset ?? null;
  let skip = from?.skip ?? 0;
  const found: Array<{ task: AsanaTask; project: string }> = [];
  const matches = (task: AsanaTask) => parsed.words.every((w) => task.name.toLowerCase().includes(w));
  let next: SearchCursor | null = null;
  for (let scanned = 0; index < projects.length && scanned < MAX_SCAN_PAGES; scanned++) {
    const project = projects[index] ?? '';
    const page = await api.page('tasks', { project, opt_fields: TASK_FIELDS }, asanaTaskSchema, {
      limit: 100,
      offset,
    });
    let i = skip;
    for (; i < page.items.length && found.length < wanted; i++) {
      const task = page.items[i];
      if (task !== undefined && matches(task)) found.push({ task, project });
    }
    if (i < page.items.length) {
      next = { v: 1, query, project, offset, skip: i };
      break;
    }
    skip = 0;
    offset = page.nextOffset;
    if (offset === null) index++;
    const upcoming = projects[index];
    next = upcoming === undefined ? null : { v: 1, query, project: upcoming, offset, skip: 0 };
    if (found.length >= wanted) break;
  }
  const projectOf = new Map(found.map((f) => [f.task, f.project]));
  const items = await withHistory(
    api,
    limit,
    found.map((f) => f.task),
    (task) => projectOf.get(task) ?? '',
  );
  return { items, nextCursor: next === null ? null : encode(next), expectedTotal: null };
}

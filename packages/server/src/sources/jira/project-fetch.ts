import { z } from 'zod';
import type { FetchItemsRequest } from '../source-adapter.ts';
import type { ItemPage, SourceItem } from '../source-item.ts';
import {
  decodeFetchCursor,
  encodeFetchCursor,
  isAfter,
  keyNumber,
  type FetchCursor,
} from './fetch-cursor.ts';
import type { JiraHttp } from './jira-http.ts';
import { jiraApproximateCountSchema } from './jira-meta-payloads.ts';
import { jiraSearchPageSchema } from './jira-payloads.ts';
import { jiraTimestampSchema, jqlDateLiteral } from './jira-time.ts';
import { unexpectedPayload } from './jira-errors.ts';
import { FETCH_ORDER, projectRestriction } from './jql.ts';

/** Jira's largest `/search/jql` page once fields are asked for. */
export const MAX_SEARCH_PAGE = 100;

export interface ProjectFetchDeps {
  http: JiraHttp;
  /** Field ids to ask for. */
  fields(): Promise<string[]>;
  /** The time zone Jira reads the caller's JQL dates in, or null when unknown. */
  timeZone(): Promise<string | null>;
  /** Completes (history, comments) and maps raw issues, in order. */
  toItems(raws: readonly unknown[]): Promise<SourceItem[]>;
}

/** What the fetch reads of each issue before deciding to keep it. */
const issueHeadSchema = z
  .object({ key: z.string(), fields: z.object({ updated: jiraTimestampSchema }).loose() })
  .loose();

function headOf(raw: unknown): { key: string; updatedMs: number } {
  const parsed = issueHeadSchema.safeParse(raw);
  if (!parsed.success) throw unexpectedPayload('POST /rest/api/3/search/jql', parsed.error);
  return { key: parsed.data.key, updatedMs: parsed.data.fields.updated.getTime() };
}

/**
 * One page of a project's issues, oldest update first (`ORDER BY updated ASC, key ASC`), each with its
 * whole history. A page resumes after the cursor's item with a fresh query from that item's minute (JQL
 * dates have minute precision) and drops what it has already returned; `since` is applied to the
 * millisecond the same way. Jira's page tokens are followed only within one call.
 */
export async function fetchProjectPage(
  deps: ProjectFetchDeps,
  request: FetchItemsRequest,
): Promise<ItemPage> {
  const { http } = deps;
  const cursor = request.cursor === undefined ? null : decodeFetchCursor(request.cursor, request.projectKey);
  const since = cursor === null ? (request.since?.getTime() ?? null) : cursor.s;
  const anchor = cursor?.u ?? since;
  const literal = anchor === null ? null : jqlDateLiteral(new Date(anchor), await deps.timeZone());
  const restriction = projectRestriction(request.projectKey, literal);
  const total = cursor === null ? await approximateCount(http, restriction) : cursor.t;
  const fields = await deps.fields();
  const maxResults = Math.min(MAX_SEARCH_PAGE, Math.max(1, Math.floor(request.pageSize)));
  let nextPageToken: string | undefined;
  for (;;) {
    const page = await http.json(
      {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: {
          jql: `${restriction} ${FETCH_ORDER}`,
          maxResults,
          fields,
          expand: 'changelog',
          ...(nextPageToken === undefined ? {} : { nextPageToken }),
        },
        idempotent: true,
      },
      jiraSearchPageSchema,
    );
    const kept = page.issues.filter((raw) => {
      const head = headOf(raw);
      if (since !== null && head.updatedMs < since) return false;
      return cursor === null || isAfter(head.updatedMs, head.key, cursor);
    });
    const token = page.nextPageToken ?? undefined;
    const isLast = page.isLast === true || token === undefined;
    if (kept.length === 0 && !isLast) {
      nextPageToken = token;
      continue;
    }
    const items = await deps.toItems(kept);
    const last = kept.at(-1);
    let nextCursor: string | null = null;
    if (!isLast && last !== undefined) {
      const head = headOf(last);
      const next: FetchCursor = {
        v: 1,
        p: request.projectKey,
        s: since,
        u: head.updatedMs,
        n: keyNumber(head.key),
        t: total,
      };
      nextCursor = encodeFetchCursor(next);
    }
    return { items, nextCursor, expectedTotal: total };
  }
}

/** Jira's estimate of how many issues a restriction matches, for progress reporting. */
async function approximateCount(http: JiraHttp, restriction: string): Promise<number> {
  const answer = await http.json(
    {
      method: 'POST',
      path: '/rest/api/3/search/approximate-count',
      body: { jql: restriction },
      idempotent: true,
    },
    jiraApproximateCountSchema,
  );
  return answer.count;
}

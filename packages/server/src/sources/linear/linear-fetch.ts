import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { FetchItemsRequest } from '../source-adapter.ts';
import type { ItemPage } from '../source-item.ts';
import { decodeCursor, encodeCursor, type FetchCursor } from './linear-fetch-cursor.ts';
import { ISSUES_PAGE } from './linear-documents.ts';
import type { LinearGraphQL } from './linear-graphql.ts';
import { completeIssues } from './linear-issue-completion.ts';
import { toSourceItem } from './linear-mapper.ts';
import { issueSchema, type LinearIssue } from './linear-payloads.ts';

/** Linear refuses pages above 250; 100 keeps an issue page with its nested first pages within query complexity. */
const MAX_PAGE = 100;
const MAX_LAST = 250;

const pageAnswer = z
  .object({
    issues: z
      .object({
        nodes: z.array(issueSchema),
        pageInfo: z.object({ hasPreviousPage: z.boolean(), startCursor: z.string().nullable() }).loose(),
      })
      .loose(),
    teams: z
      .object({ nodes: z.array(z.object({ issueCount: z.number() }).loose()) })
      .loose()
      .optional(),
  })
  .loose();

interface RawPage {
  /** Oldest update first. */
  issues: LinearIssue[];
  more: boolean;
  /** Linear's cursor of the newest issue of the page. */
  newestCursor: string | null;
  total: number | null;
}

const ms = (iso: string): number => Date.parse(iso);

/**
 * One page of a team's issues, oldest update first, with complete history and comments.
 *
 * The walk is keyed on `updatedAt` rather than on Linear's cursors: a Linear cursor is the id of an issue, and an
 * issue updated between two pages moves to the newest end, so `before: <that id>` would jump over everything in
 * between. Asking for "the oldest N updated at or after the last instant delivered" (minus the issues at exactly
 * that instant already delivered, kept in the cursor) cannot skip anything: an issue updated meanwhile is delivered
 * again later, which the engine's idempotent upsert absorbs. The cursor is therefore plain data (an instant and a few
 * ids) that survives restarts and never goes stale. Only when more issues share one millisecond than a page holds
 * does the walk fall back to Linear's cursor within that millisecond (see FetchCursor). Should Linear refuse that
 * cursor, the error is an upstream_4xx; since the walk is oldest first, starting again with `since` = the newest
 * `updatedAt` delivered (the engine's watermark) loses nothing.
 */
export async function fetchIssuePage(gql: LinearGraphQL, request: FetchItemsRequest): Promise<ItemPage> {
  const project = request.projectKey;
  const size = Math.max(1, Math.min(MAX_PAGE, request.pageSize));
  let cursor: FetchCursor | null =
    request.cursor !== undefined
      ? decodeCursor(request.cursor, project)
      : request.since !== undefined
        ? { v: 1, mode: 'keyset', project, at: request.since.toISOString(), skip: [] }
        : null;
  const withTotal = request.since === undefined;
  // At most two rounds: a keyset page that finds only already-delivered issues switches to the tie mode at once.
  for (let round = 0; round < 2; round++) {
    const page = await readPage(gql, project, size, cursor, withTotal);
    const skip = new Set(cursor?.mode === 'keyset' ? cursor.skip : []);
    const fresh = page.issues.filter((i) => !skip.has(i.id));
    const next = nextCursor(project, cursor, page, fresh);
    if (fresh.length === 0 && next !== null) {
      cursor = next;
      continue;
    }
    const complete = await completeIssues(gql, fresh);
    return {
      items: complete.map(toSourceItem),
      nextCursor: next === null ? null : encodeCursor(next),
      expectedTotal: page.total,
    };
  }
  throw new AppError('internal', `linear: the walk of team ${project} made no progress`);
}

function nextCursor(
  project: string,
  cursor: FetchCursor | null,
  page: RawPage,
  fresh: LinearIssue[],
): FetchCursor | null {
  if (cursor?.mode === 'tie') {
    if (page.more) return { ...cursor, before: page.newestCursor };
    // The millisecond is done: go on from the next one.
    return { v: 1, mode: 'keyset', project, at: new Date(ms(cursor.at) + 1).toISOString(), skip: [] };
  }
  if (!page.more) return null;
  const newest = fresh.at(-1);
  if (newest === undefined) {
    if (cursor === null) throw new AppError('upstream_5xx', 'linear answered an empty page that claims more');
    // Every issue of a full page sits at `cursor.at` and was delivered already: page through that millisecond.
    return { v: 1, mode: 'tie', project, at: cursor.at, before: null };
  }
  const at = ms(newest.updatedAt);
  const atSameInstant = fresh.filter((i) => ms(i.updatedAt) === at).map((i) => i.id);
  const carried = cursor?.mode === 'keyset' && ms(cursor.at) === at ? cursor.skip : [];
  const skip = [...carried, ...atSameInstant];
  // More delivered issues at one instant than a page can skip over: page through that millisecond instead.
  if (skip.length >= MAX_LAST) return { v: 1, mode: 'tie', project, at: newest.updatedAt, before: null };
  return { v: 1, mode: 'keyset', project, at: newest.updatedAt, skip };
}

async function readPage(
  gql: LinearGraphQL,
  project: string,
  size: number,
  cursor: FetchCursor | null,
  withTotal: boolean,
): Promise<RawPage> {
  const team = { key: { eq: project } };
  let variables: Record<string, unknown>;
  if (cursor === null) {
    variables = { filter: { team }, last: size, before: null };
  } else if (cursor.mode === 'keyset') {
    variables = {
      filter: { team, updatedAt: { gte: cursor.at } },
      last: Math.min(MAX_LAST, size + cursor.skip.length),
      before: null,
    };
  } else {
    // Within one millisecond as Linear shows it; its stored instants may be finer, hence a range, not `eq`.
    const end = new Date(ms(cursor.at) + 1).toISOString();
    variables = {
      filter: { team, updatedAt: { gte: cursor.at, lt: end } },
      last: size,
      before: cursor.before,
    };
  }
  const { data } = await gql.query(ISSUES_PAGE, { ...variables, key: project, withTotal }, pageAnswer);
  if (withTotal && data.teams?.nodes.length === 0) {
    throw new AppError('not_found', `linear has no team with key ${project}`);
  }
  return {
    // `last` pages keep the list's newest-first order inside the page.
    issues: [...data.issues.nodes].reverse(),
    more: data.issues.pageInfo.hasPreviousPage,
    newestCursor: data.issues.pageInfo.startCursor,
    total: data.teams?.nodes[0]?.issueCount ?? null,
  };
}

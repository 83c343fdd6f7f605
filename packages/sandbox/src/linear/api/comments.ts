import { lowerBoundOf } from '../filter/comparators.ts';
import { compileCommentFilter } from '../filter/specs.ts';
import type { Graph } from '../views/graph.ts';
import type { CommentRecord } from '../world/detail.ts';
import { Connection, cursorError, pageSize, type PageArgs } from './connection.ts';

/**
 * The root `comments` connection, newest first. Comments are not indexed: the walk goes down the issues by `updatedAt`
 * and merges their comments, which is exact because commenting moves an issue's `updatedAt`, so no comment is newer
 * than its issue. A `createdAt`/`updatedAt` lower bound in the filter ends the walk early.
 */
export function rootComments(g: Graph, args: PageArgs): Connection<CommentRecord> {
  const t = g.store.table;
  const byUpdated = args.orderBy === 'updatedAt';
  const key = (c: CommentRecord): number => (byUpdated ? c.updatedAt : c.at);
  const before = (a: CommentRecord, b: CommentRecord): boolean =>
    key(a) > key(b) || (key(a) === key(b) && a.id > b.id);
  const filter = compileCommentFilter(args.filter, g.filterContext());
  const f = (args.filter ?? {}) as Record<string, unknown>;
  const bound = Math.max(lowerBoundOf(f['createdAt'], g.nowMs), lowerBoundOf(f['updatedAt'], g.nowMs));
  let cursor: CommentRecord | null = null;
  if (args.after !== undefined && args.after !== null) {
    cursor = g.store.findComment(args.after);
    if (cursor === null) throw cursorError(args.after);
  }
  const { size } = pageSize(args);
  const out: CommentRecord[] = [];
  let pending: CommentRecord[] = [];
  const flush = (limit: number): void => {
    pending.sort((a, b) => (before(a, b) ? -1 : 1));
    const keep: CommentRecord[] = [];
    for (const c of pending) {
      if (key(c) > limit && out.length <= size) out.push(c);
      else keep.push(c);
    }
    pending = keep;
  };
  for (let p = t.byUpdated.length - 1; p >= 0 && out.length <= size; p--) {
    const idx = t.byUpdated.at(p);
    const issueUpdated = t.updatedAt[idx]!;
    if (issueUpdated < bound) break;
    flush(issueUpdated);
    if (t.commentCount[idx] === 0) continue;
    for (const c of g.detail({ idx }).comments) {
      if ((cursor === null || before(cursor, c)) && filter(c)) pending.push(c);
    }
  }
  flush(-Infinity);
  const more = out.length > size;
  if (more) out.pop();
  const first = out[0];
  const last = out[out.length - 1];
  return new Connection(
    out,
    {
      hasNextPage: more,
      hasPreviousPage: cursor !== null,
      startCursor: first?.id ?? null,
      endCursor: last?.id ?? null,
    },
    (c) => c.id,
  );
}

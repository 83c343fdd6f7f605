import { lowerBoundOf } from '../filter/comparators.ts';
import type { Predicate } from '../filter/compile.ts';
import { compileIssueFilter } from '../filter/specs.ts';
import type { Graph, IssueRef } from '../views/graph.ts';
import { Connection, cursorError, pageSize, type PageArgs } from './connection.ts';

/** The tightest lower bound the filter's top level (or its `and` list) puts on a timestamp field. */
function boundOf(filter: unknown, field: 'createdAt' | 'updatedAt', nowMs: number): number {
  if (filter === null || typeof filter !== 'object') return -Infinity;
  const f = filter as Record<string, unknown>;
  let bound = lowerBoundOf(f[field], nowMs);
  if (Array.isArray(f['and']))
    for (const part of f['and']) bound = Math.max(bound, boundOf(part, field, nowMs));
  return bound;
}

/**
 * Pages issues newest first by `createdAt` or `updatedAt`, walking the sorted index from the cursor and testing each
 * issue against the compiled filter. A `gt`/`gte` bound on the order field ends the walk early, so incremental syncs
 * (`updatedAt > last sync`, `orderBy: updatedAt`) touch only what changed.
 */
export function issueConnection(g: Graph, args: PageArgs, base?: Predicate<number>): Connection<IssueRef> {
  const store = g.store;
  const t = store.table;
  const byUpdated = args.orderBy === 'updatedAt';
  const index = byUpdated ? t.byUpdated : t.byCreated;
  const key = byUpdated ? t.updatedAt : t.createdAt;
  const filter = compileIssueFilter(args.filter, g.filterContext());
  const includeArchived = args.includeArchived === true;
  const match = (i: number): boolean =>
    (includeArchived || Number.isNaN(t.archivedAt[i]!)) && (base === undefined || base(i)) && filter(i);
  const bound = boundOf(args.filter, byUpdated ? 'updatedAt' : 'createdAt', g.nowMs);
  const positionOf = (cursor: string): number => {
    const idx = store.findIssue(cursor);
    const position = idx < 0 ? -1 : index.positionOf(idx);
    if (position < 0) throw cursorError(cursor);
    return position;
  };
  let hi = index.length - 1;
  let lo = 0;
  if (args.after !== undefined && args.after !== null) hi = positionOf(args.after) - 1;
  if (args.before !== undefined && args.before !== null) lo = positionOf(args.before) + 1;
  const { forward, size } = pageSize(args);
  const found: number[] = [];
  if (forward) {
    for (let p = hi; p >= lo && found.length <= size; p--) {
      const i = index.at(p);
      if (key[i]! < bound) break;
      if (match(i)) found.push(i);
    }
  } else {
    for (let p = lo; p <= hi && found.length <= size; p++) {
      const i = index.at(p);
      if (key[i]! >= bound && match(i)) found.push(i);
    }
  }
  const more = found.length > size;
  if (more) found.pop();
  if (!forward) found.reverse();
  const nodes = found.map((i) => g.issue(i));
  const id = (ref: IssueRef): string => store.issueId(ref.idx);
  return new Connection(
    nodes,
    {
      hasNextPage: forward ? more : lo > 0,
      hasPreviousPage: forward ? hi < index.length - 1 : more,
      startCursor: found.length > 0 ? store.issueId(found[0]!) : null,
      endCursor: found.length > 0 ? store.issueId(found[found.length - 1]!) : null,
    },
    id,
  );
}

import { assigneesOf, firstUpdatedSince, type GithubStore } from './store.ts';
import { FLAG } from './table.ts';

/** Filtering, ordering and paging of a repository's items over the compact table. */

export type AssigneeFilter = { kind: 'any' } | { kind: 'none' } | { kind: 'user'; index: number };

export interface ItemQuery {
  state: 'open' | 'closed' | 'all';
  /** Every bit of this mask must be set on the item. */
  labels: number;
  /** A label that does not exist was asked for: nothing can match. */
  impossible: boolean;
  assignee: AssigneeFilter | null;
  creator: number | null;
  /** Epoch seconds: only items updated at or after. */
  since: number | null;
  sort: 'created' | 'updated' | 'comments' | 'long-running';
  direction: 'asc' | 'desc';
  pullRequestsOnly: boolean;
}

export interface PageResult {
  items: number[];
  total: number;
}

function matcher(store: GithubStore, q: ItemQuery): (g: number) => boolean {
  const t = store.table;
  return (g) => {
    const flags = t.flags[g] ?? 0;
    if (flags & FLAG.deleted) return false;
    if (q.pullRequestsOnly && !(flags & FLAG.pullRequest)) return false;
    if (q.state === 'open' && !(flags & FLAG.open)) return false;
    if (q.state === 'closed' && flags & FLAG.open) return false;
    if (q.labels !== 0 && ((t.labels[g] ?? 0) & q.labels) !== (q.labels | 0)) return false;
    if (q.creator !== null && t.author[g] !== q.creator) return false;
    if (q.since !== null && (t.updatedAt[g] ?? 0) < q.since) return false;
    if (q.assignee) {
      const first = t.assignee[g] ?? -1;
      if (q.assignee.kind === 'none' && first >= 0) return false;
      if (q.assignee.kind === 'any' && first < 0) return false;
      if (q.assignee.kind === 'user') {
        const wanted = q.assignee.index;
        if (
          first !== wanted &&
          !(first >= 0 && store.overlays.has(g) && assigneesOf(store, g).includes(wanted))
        ) {
          return false;
        }
      }
    }
    return true;
  };
}

/** One page (`offset`, `limit`) of a repository's matching items, and how many match in all. */
export function queryItems(
  store: GithubStore,
  repo: number,
  q: ItemQuery,
  offset: number,
  limit: number,
): PageResult {
  if (q.impossible) return { items: [], total: 0 };
  const matches = matcher(store, q);
  const t = store.table;
  const items: number[] = [];
  let total = 0;
  const visit = (g: number): void => {
    if (!matches(g)) return;
    if (total >= offset && items.length < limit) items.push(g);
    total++;
  };
  if (q.sort === 'comments') {
    const all = (store.byNumber[repo] ?? []).filter(matches);
    const sign = q.direction === 'asc' ? 1 : -1;
    all.sort((a, b) => sign * ((t.comments[a] ?? 0) - (t.comments[b] ?? 0) || a - b));
    return { items: all.slice(offset, offset + limit), total: all.length };
  }
  if (q.sort === 'updated') {
    const list = store.byUpdated[repo] ?? [];
    const start = q.since === null ? 0 : firstUpdatedSince(store, repo, q.since);
    if (q.direction === 'asc') for (let i = start; i < list.length; i++) visit(list[i] ?? 0);
    else for (let i = list.length - 1; i >= start; i--) visit(list[i] ?? 0);
    return { items, total };
  }
  // Issue numbers grow with creation time, so the number order is the creation order. "long-running" (pulls
  // only) means open the longest: oldest creation first for open pull requests.
  const list = store.byNumber[repo] ?? [];
  const ascending = q.sort === 'long-running' ? q.direction === 'desc' : q.direction === 'asc';
  if (ascending) for (let i = 0; i < list.length; i++) visit(list[i] ?? 0);
  else for (let i = list.length - 1; i >= 0; i--) visit(list[i] ?? 0);
  return { items, total };
}

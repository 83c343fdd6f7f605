import { PROJECTS } from '../catalog/projects.ts';
import type { JiraStore } from '../data/store.ts';
import type { SortedIndex } from '../data/sorted-index.ts';
import type { CompiledQuery } from '../jql/compile.ts';
import { comparatorOf } from '../jql/order.ts';
import { decodeCursor, encodeCursor, hashQuery, type PageCursor } from './page-token.ts';

export interface SearchPage {
  indexes: number[];
  nextPageToken: string | null;
}

export type SearchOutcome = { ok: true; page: SearchPage } | { ok: false; code: 'invalid_token' };

/** Materialized results of queries no index serves, kept for their following pages. */
export class ResultCache {
  private readonly entries = new Map<string, Int32Array>();

  constructor(private readonly capacity = 16) {}

  get(key: string): Int32Array | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: Int32Array): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value ?? '');
  }
}

/** Project indexes in key order (the order `ORDER BY key` walks them). */
const PROJECTS_BY_KEY = [...PROJECTS].sort((a, b) => a.key.localeCompare(b.key)).map((p) => p.index);

interface Walk {
  store: JiraStore;
  query: CompiledQuery;
  max: number;
  hash: number;
}

/** ORDER BY updated: walk a (project's) updated index from the cursor, bounded by the query's updated range. */
function walkTime(w: Walk, index: SortedIndex, cursor: PageCursor | null, desc: boolean): SearchPage {
  const updated = w.store.table.updated;
  const { lo, hi } = w.query.updated;
  const out: number[] = [];
  let pos: number;
  if (desc)
    pos =
      (cursor?.m === 't'
        ? index.lowerBound(cursor.t, cursor.i)
        : index.lowerBound(hi, Number.MAX_SAFE_INTEGER)) - 1;
  else pos = cursor?.m === 't' ? index.lowerBound(cursor.t, cursor.i + 1) : index.lowerBound(lo, -1);
  const step = desc ? -1 : 1;
  for (; pos >= 0 && pos < index.length; pos += step) {
    const i = index.at(pos);
    const t = updated[i] ?? 0;
    if (desc ? t < lo : t > hi) break;
    if (!w.query.matches(i)) continue;
    if (out.length === w.max) {
      const last = out[out.length - 1] ?? 0;
      return {
        indexes: out,
        nextPageToken: encodeCursor({ m: 't', h: w.hash, t: updated[last] ?? 0, i: last }),
      };
    }
    out.push(i);
  }
  return { indexes: out, nextPageToken: null };
}

/** ORDER BY key or created: walk segments of issue indexes (each in creation order) from the cursor. */
function walkSegments(
  w: Walk,
  segments: readonly (Int32Array | null)[],
  cursor: PageCursor | null,
  desc: boolean,
): SearchPage {
  const count = w.store.table.count;
  const out: number[] = [];
  const lengthOf = (seg: Int32Array | null): number => (seg === null ? count : seg.length);
  let s = cursor?.m === 'p' ? cursor.s : 0;
  let p = cursor?.m === 'p' ? cursor.p : 0;
  for (; s < segments.length; s++, p = 0) {
    const seg = segments[s] ?? null;
    const n = lengthOf(seg);
    for (; p < n; p++) {
      const at = desc ? n - 1 - p : p;
      const i = seg === null ? at : (seg[at] ?? -1);
      if (!w.query.matches(i)) continue;
      if (out.length === w.max)
        return { indexes: out, nextPageToken: encodeCursor({ m: 'p', h: w.hash, s, p }) };
      out.push(i);
    }
  }
  return { indexes: out, nextPageToken: null };
}

function projectList(store: JiraStore, project: number): Int32Array {
  const list = store.world.projectIssues[project];
  return list === undefined ? new Int32Array(0) : list.data.subarray(0, list.length);
}

/**
 * One page of a compiled query. Sorts on updated, created and key walk indexes from the cursor, so a page costs
 * about its own size however large the site; other sorts materialize the result once and page through it.
 */
export function searchPage(
  store: JiraStore,
  query: CompiledQuery,
  jql: string,
  maxResults: number,
  token: string | null,
  cache: ResultCache,
  cacheKey: string,
): SearchOutcome {
  const hash = hashQuery(jql);
  const cursor = token === null ? null : decodeCursor(token, hash);
  if (token !== null && cursor === null) return { ok: false, code: 'invalid_token' };
  const w: Walk = { store, query, max: maxResults, hash };
  const [first] = query.order;
  const desc = first?.direction === 'desc';
  const single = query.projects?.length === 1 ? (query.projects[0] ?? 0) : -1;
  if (query.order.length === 1 && first?.field === 'updated' && (cursor === null || cursor.m === 't')) {
    const index = single >= 0 ? store.projectByUpdated[single] : store.byUpdated;
    if (index !== undefined) return { ok: true, page: walkTime(w, index, cursor, desc) };
  }
  if (
    query.order.length === 1 &&
    (first?.field === 'key' || first?.field === 'created') &&
    (cursor === null || cursor.m === 'p')
  ) {
    let segments: (Int32Array | null)[];
    if (single >= 0) segments = [projectList(store, single)];
    else if (first.field === 'created') segments = [null];
    else {
      const wanted =
        query.projects === null
          ? PROJECTS_BY_KEY
          : PROJECTS_BY_KEY.filter((p) => query.projects?.includes(p));
      segments = (desc ? [...wanted].reverse() : wanted).map((p) => projectList(store, p));
    }
    return { ok: true, page: walkSegments(w, segments, cursor, desc) };
  }
  let sorted = cache.get(cacheKey);
  if (sorted === undefined) {
    const hits: number[] = [];
    const pools = query.projects === null ? null : query.projects.map((p) => projectList(store, p));
    if (pools === null)
      for (let i = 0; i < store.table.count; i++) {
        if (query.matches(i)) hits.push(i);
      }
    else for (const pool of pools) for (const i of pool) if (query.matches(i)) hits.push(i);
    sorted = Int32Array.from(hits.sort(comparatorOf(store, query.order)));
    cache.set(cacheKey, sorted);
  }
  const offset = cursor?.m === 'o' ? cursor.o : 0;
  const indexes = Array.from(sorted.subarray(offset, offset + maxResults));
  const next =
    offset + maxResults < sorted.length ? encodeCursor({ m: 'o', h: hash, o: offset + maxResults }) : null;
  return { ok: true, page: { indexes, nextPageToken: next } };
}

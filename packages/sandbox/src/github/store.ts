import { createRng, type Rng } from '../core/rng.ts';
import { replay, simulate, type GhComment, type GhEvent, type ItemSeed } from './history.ts';
import { FLAG, ItemTable, reasonCode } from './table.ts';
import { itemBody, itemTitle } from './text.ts';
import { buildWorld, type GhWorld } from './world.ts';

/**
 * The GitHub fake's data: the world, the compact item table, per-repository indexes, and the full records of the
 * items that were written (everything else is derived from an item's seed when asked for).
 */

/** The full record of an item that has been written to: kept whole from then on. */
export interface Materialized {
  title: string;
  body: string | null;
  assignees: number[];
  events: GhEvent[];
  comments: GhComment[];
}

export interface GithubStore {
  world: GhWorld;
  table: ItemTable;
  /** Per repository: global item index by issue number - 1. */
  byNumber: number[][];
  /** Per repository: global item indices ordered by (updatedAt, index). */
  byUpdated: number[][];
  overlays: Map<number, Materialized>;
  /** The clock instant the generated histories end at (epoch seconds). */
  generatedAt: number;
  /** The sandbox clock in epoch seconds. */
  nowSec: () => number;
  /** Ids for events, comments and hooks created after start. */
  nextId: { event: number; comment: number };
  /** Random source for mutations (deterministic after the seed). */
  mutationRng: Rng;
}

const DAY = 86_400;

function mix(base: number, g: number): number {
  let h = (base ^ Math.imul(g + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Splits `size` items over repositories in proportion to their weights (largest remainder). */
function shares(size: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (size * w) / total);
  const counts = raw.map(Math.floor);
  let left = size - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
  for (const { i } of order) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Creation times with a growing team (more items lately), office hours and quiet weekends. */
function creationTimes(rng: Rng, count: number, nowSec: number, spanDays: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = Math.pow(rng.next(), 1 / 1.3);
    let t = nowSec - Math.round(spanDays * DAY * (1 - x));
    const weekday = new Date(t * 1000).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.8)) t -= (weekday === 6 ? 1 : 2) * DAY;
    if (rng.chance(0.85)) t = Math.floor(t / DAY) * DAY + rng.int(7 * 3600, 19 * 3600);
    times.push(Math.min(t, nowSec - 60));
  }
  return times.sort((a, b) => a - b);
}

export function itemSeedOf(store: Pick<GithubStore, 'table' | 'world' | 'generatedAt'>, g: number): ItemSeed {
  const t = store.table;
  const repo = store.world.repos[t.repo[g] ?? 0];
  return {
    g,
    seed: t.seed[g] ?? 0,
    createdAt: t.createdAt[g] ?? 0,
    isPullRequest: t.has(g, FLAG.pullRequest),
    author: t.author[g] ?? 0,
    members: repo?.members ?? [1],
    nowSec: store.generatedAt,
  };
}

export function buildStore(rng: Rng, size: number, nowSec: () => number): GithubStore {
  const generatedAt = Math.floor(nowSec());
  const world = buildWorld(rng.fork('world'), size, generatedAt);
  const table = new ItemTable(size + 64);
  const base = Math.floor(rng.fork('items').next() * 0x100000000);
  const counts = shares(
    size,
    world.repos.map((r) => r.weight),
  );
  const spanDays = Math.min(540, Math.max(60, Math.round(size / 2)));
  const byNumber: number[][] = [];
  const store: GithubStore = {
    world,
    table,
    byNumber,
    byUpdated: [],
    overlays: new Map(),
    generatedAt,
    nowSec: () => Math.floor(nowSec()),
    nextId: { event: 7_000_000_000, comment: 4_000_000_000 },
    mutationRng: rng.fork('mutations'),
  };
  for (const repo of world.repos) {
    const list: number[] = [];
    const times = creationTimes(
      rng.fork(`times-${repo.index}`),
      counts[repo.index] ?? 0,
      generatedAt,
      spanDays,
    );
    for (const [k, createdAt] of times.entries()) {
      const g = table.size;
      const seed = mix(base, g);
      const isPullRequest = seed % 100 < 40;
      // One item in ten comes from someone outside the repository's usual crew.
      const author =
        (seed >>> 8) % 10 === 0
          ? 1 + ((seed >>> 12) % (world.users.length - 1))
          : (repo.members[(seed >>> 12) % repo.members.length] ?? 1);
      table.add({
        repo: repo.index,
        number: k + 1,
        seed,
        createdAt,
        updatedAt: createdAt,
        closedAt: 0,
        mergedAt: 0,
        flags: isPullRequest ? FLAG.pullRequest : 0,
        assignee: -1,
        author,
        labels: 0,
        comments: 0,
        reason: 0,
      });
      const history = simulate(itemSeedOf(store, g));
      const state = replay(createdAt, history);
      table.updatedAt[g] = state.updatedAt;
      table.closedAt[g] = state.closedAt;
      table.mergedAt[g] = state.mergedAt;
      table.assignee[g] = state.assignees[0] ?? -1;
      table.labels[g] = state.labels;
      table.comments[g] = history.comments.length;
      table.reason[g] = reasonCode(state.stateReason);
      table.setFlag(g, FLAG.open, state.open);
      table.setFlag(g, FLAG.draft, isPullRequest && state.open && (seed >>> 20) % 10 < 3);
      list.push(g);
    }
    byNumber.push(list);
  }
  store.byUpdated = byNumber.map((list) => [...list].sort((a, b) => compareUpdated(table, a, b)));
  return store;
}

export function compareUpdated(table: ItemTable, a: number, b: number): number {
  return (table.updatedAt[a] ?? 0) - (table.updatedAt[b] ?? 0) || a - b;
}

/** The global index of issue `number` in a repository, deleted ones included. */
export function findItem(store: GithubStore, repo: number, number: number): number | undefined {
  return store.byNumber[repo]?.[number - 1];
}

/** Title, body, assignees, events and comments of an item: its written record, or derived from its seed. */
export function detailsOf(store: GithubStore, g: number): Materialized {
  const written = store.overlays.get(g);
  if (written) return written;
  const t = store.table;
  const text = createRng(t.seed[g] ?? 0).fork('text');
  const history = simulate(itemSeedOf(store, g));
  const assignee = t.assignee[g] ?? -1;
  return {
    title: itemTitle(text, t.has(g, FLAG.pullRequest)),
    body: itemBody(text),
    assignees: assignee >= 0 ? [assignee] : [],
    events: history.events,
    comments: history.comments,
  };
}

/** Title and body only: cheaper than `detailsOf` for list pages. */
export function textOf(store: GithubStore, g: number): { title: string; body: string | null } {
  const written = store.overlays.get(g);
  if (written) return { title: written.title, body: written.body };
  const text = createRng(store.table.seed[g] ?? 0).fork('text');
  return { title: itemTitle(text, store.table.has(g, FLAG.pullRequest)), body: itemBody(text) };
}

export function assigneesOf(store: GithubStore, g: number): number[] {
  const written = store.overlays.get(g);
  if (written) return written.assignees;
  const a = store.table.assignee[g] ?? -1;
  return a >= 0 ? [a] : [];
}

/** Keeps the record of an item from now on, so that writes to it stick. */
export function materialize(store: GithubStore, g: number): Materialized {
  const existing = store.overlays.get(g);
  if (existing) return existing;
  const record = detailsOf(store, g);
  store.overlays.set(g, record);
  return record;
}

function lowerBound(list: readonly number[], table: ItemTable, g: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareUpdated(table, list[mid] ?? 0, g) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds a new item to its repository's order by update time. */
export function indexUpdated(store: GithubStore, g: number): void {
  const list = store.byUpdated[store.table.repo[g] ?? 0];
  list?.splice(lowerBound(list, store.table, g), 0, g);
}

/** Moves an item's `updated_at` and keeps the per-repository order by update time. */
export function touch(store: GithubStore, g: number, at: number): void {
  const t = store.table;
  const list = store.byUpdated[t.repo[g] ?? 0];
  if (!list) return;
  const pos = lowerBound(list, t, g);
  if (list[pos] === g) list.splice(pos, 1);
  t.updatedAt[g] = at;
  list.splice(lowerBound(list, t, g), 0, g);
}

/** First index in a repository's update order whose `updated_at` is at or after `since`. */
export function firstUpdatedSince(store: GithubStore, repo: number, since: number): number {
  const list = store.byUpdated[repo] ?? [];
  const t = store.table;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t.updatedAt[list[mid] ?? 0] ?? 0) < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

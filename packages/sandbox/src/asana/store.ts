import { createRng, type Rng } from '../core/rng.ts';
import { replay, simulate, type AsStory, type TaskSeed } from './history.ts';
import { TASK_FLAG, TaskTable } from './table.ts';
import { taskName, taskNotes } from './text.ts';
import { buildWorld, type AsWorld } from './world.ts';

/**
 * The Asana fake's data: the world, the compact task table, each project's task order, and the full records of
 * tasks that were written (everything else is derived from a task's seed when asked for).
 */

export interface Membership {
  project: number;
  section: number;
}

/** The full record of a task that has been written to: kept whole from then on. */
export interface TaskRecord {
  name: string;
  notes: string;
  memberships: Membership[];
  stories: AsStory[];
}

/** A project's tasks in project order; `ranks` grow along the list and survive removals (offset tokens use them). */
export interface ProjectList {
  tasks: number[];
  ranks: number[];
}

export interface AsanaStore {
  world: AsWorld;
  table: TaskTable;
  lists: ProjectList[];
  overlays: Map<number, TaskRecord>;
  generatedAt: number;
  nowMs: () => number;
  next: { rank: number; story: number; webhook: number };
  mutationRng: Rng;
  /** Key of the offset tokens' checksum. */
  tokenKey: string;
}

const DAY = 86_400_000;

function mix(base: number, g: number): number {
  let h = (base ^ Math.imul(g + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function shares(size: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (size * w) / total);
  const counts = raw.map(Math.floor);
  let left = size - counts.reduce((a, b) => a + b, 0);
  for (const { i } of raw.map((r, i) => ({ i, f: r - Math.floor(r) })).sort((a, b) => b.f - a.f)) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Creation times: more work lately, office hours, quiet weekends. */
function creationTimes(rng: Rng, count: number, nowMs: number, spanDays: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    let t = nowMs - Math.round(spanDays * DAY * (1 - Math.pow(rng.next(), 1 / 1.3)));
    const weekday = new Date(t).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.8)) t -= (weekday === 6 ? 1 : 2) * DAY;
    if (rng.chance(0.85)) t = Math.floor(t / DAY) * DAY + rng.int(7 * 3_600_000, 19 * 3_600_000);
    times.push(Math.min(t, nowMs - 60_000));
  }
  return times.sort((a, b) => a - b);
}

export function taskSeedOf(store: Pick<AsanaStore, 'table' | 'world' | 'generatedAt'>, g: number): TaskSeed {
  const t = store.table;
  const project = t.project[g] ?? 0;
  return {
    g,
    seed: t.seed[g] ?? 0,
    createdAt: t.createdAt[g] ?? 0,
    project,
    creator: t.creator[g] ?? 0,
    members: store.world.projects[project]?.members ?? [1],
    nowMs: store.generatedAt,
  };
}

export function buildStore(rng: Rng, size: number, nowMs: () => number): AsanaStore {
  const generatedAt = Math.floor(nowMs());
  const world = buildWorld(rng.fork('world'), size, generatedAt);
  const table = new TaskTable(size + 64);
  const base = Math.floor(rng.fork('tasks').next() * 0x100000000);
  const counts = shares(
    size,
    world.projects.map((p) => p.weight),
  );
  const spanDays = Math.min(540, Math.max(60, Math.round(size / 2)));
  const store: AsanaStore = {
    world,
    table,
    lists: [],
    overlays: new Map(),
    generatedAt,
    nowMs: () => Math.floor(nowMs()),
    next: { rank: 0, story: 0, webhook: 0 },
    mutationRng: rng.fork('mutations'),
    tokenKey: Math.floor(rng.fork('tokens').next() * 0x100000000).toString(36),
  };
  for (const project of world.projects) {
    const list: ProjectList = { tasks: [], ranks: [] };
    for (const createdAt of creationTimes(
      rng.fork(`times-${project.index}`),
      counts[project.index] ?? 0,
      generatedAt,
      spanDays,
    )) {
      const g = table.size;
      const seed = mix(base, g);
      const creator = project.members[(seed >>> 8) % project.members.length] ?? 1;
      const due =
        (seed >>> 4) % 10 < 4 ? Math.floor((createdAt + ((seed >>> 12) % 30) * DAY + 3 * DAY) / DAY) : -1;
      table.add({
        project: project.index,
        section: 0,
        flags: 0,
        assignee: -1,
        creator,
        completedBy: -1,
        seed,
        createdAt,
        modifiedAt: createdAt,
        touchedAt: createdAt,
        completedAt: 0,
        dueDay: due,
      });
      const history = simulate(taskSeedOf(store, g));
      const state = replay(createdAt, project.index, history);
      table.section[g] = state.section;
      table.assignee[g] = state.assignee;
      table.completedBy[g] = state.completedBy;
      table.modifiedAt[g] = state.modifiedAt;
      table.touchedAt[g] = state.touchedAt;
      table.completedAt[g] = state.completedAt;
      table.setFlag(g, TASK_FLAG.completed, state.completed);
      list.tasks.push(g);
      list.ranks.push(store.next.rank++);
    }
    store.lists.push(list);
  }
  return store;
}

/** Name, notes, memberships and stories of a task: its written record, or derived from its seed. */
export function recordOf(store: AsanaStore, g: number): TaskRecord {
  const written = store.overlays.get(g);
  if (written) return written;
  const t = store.table;
  const text = createRng(t.seed[g] ?? 0).fork('text');
  return {
    name: taskName(text),
    notes: taskNotes(text),
    memberships: [{ project: t.project[g] ?? 0, section: t.section[g] ?? 0 }],
    stories: simulate(taskSeedOf(store, g)).stories,
  };
}

/** Name only: cheaper than `recordOf` for compact lists. */
export function nameOf(store: AsanaStore, g: number): string {
  return store.overlays.get(g)?.name ?? taskName(createRng(store.table.seed[g] ?? 0).fork('text'));
}

export function membershipsOf(store: AsanaStore, g: number): Membership[] {
  return (
    store.overlays.get(g)?.memberships ?? [
      { project: store.table.project[g] ?? 0, section: store.table.section[g] ?? 0 },
    ]
  );
}

/** The section a task sits in within a project, or -1 when it is not in that project. */
export function sectionIn(store: AsanaStore, g: number, project: number): number {
  const written = store.overlays.get(g);
  if (!written) return store.table.project[g] === project ? (store.table.section[g] ?? 0) : -1;
  return written.memberships.find((m) => m.project === project)?.section ?? -1;
}

export function materialize(store: AsanaStore, g: number): TaskRecord {
  const existing = store.overlays.get(g);
  if (existing) return existing;
  const record = recordOf(store, g);
  store.overlays.set(g, record);
  return record;
}

export function isLive(store: AsanaStore, g: number): boolean {
  return g >= 0 && g < store.table.size && !store.table.has(g, TASK_FLAG.deleted);
}

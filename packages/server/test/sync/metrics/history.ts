import { randomUUID } from 'node:crypto';

export type Status = 'open' | 'in_progress' | 'done' | 'closed';

/** Instants are integer microseconds since the epoch (timestamptz precision; Date only keeps ms). */
export interface TransitionHistory {
  id: string;
  from: Status | null;
  to: Status;
  at: number;
}

export interface ItemHistory {
  id: string;
  key: string;
  projectKey: string;
  team: string | null;
  status: Status;
  assignee: string | null;
  createdAt: number;
  deleted: boolean;
  transitions: TransitionHistory[];
}

export const MICROS_PER_DAY = 86_400_000_000;

/** '2024-03-05T23:59:59.999999Z' → microseconds. */
export function micros(iso: string): number {
  const match = /^(.*?)(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (match === null) throw new Error(`bad instant ${iso}`);
  const ms = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms * 1000 + Number((match[2] ?? '').padEnd(6, '0'));
}

/** Microseconds → an ISO instant with all six fractional digits, as PostgreSQL reads it. */
export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, -1)}${String(us - ms * 1000).padStart(3, '0')}Z`;
}

/** The UTC day of an instant, YYYY-MM-DD. */
export function dayOf(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString().slice(0, 10);
}

export function dayStart(day: string): number {
  return micros(`${day}T00:00:00Z`);
}

export function addDays(day: string, n: number): string {
  return dayOf(dayStart(day) + n * MICROS_PER_DAY);
}

/** Transitions in the order "latest" is decided: by instant, same-instant ones by id. */
export function ordered(transitions: TransitionHistory[]): TransitionHistory[] {
  return [...transitions].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface HandItem {
  key: string;
  projectKey?: string;
  team?: string | null;
  assignee?: string | null;
  created: string;
  deleted?: boolean;
  /** Current status; defaults to the last transition's to_status (open without transitions). */
  status?: Status;
  /** [from, to, at] in chronological order. */
  transitions?: Array<[Status | null, Status, string]>;
}

export function handItem(spec: HandItem): ItemHistory {
  const transitions = (spec.transitions ?? []).map(([from, to, at]) => ({
    id: randomUUID(),
    from,
    to,
    at: micros(at),
  }));
  return {
    id: randomUUID(),
    key: spec.key,
    projectKey: spec.projectKey ?? 'PAY',
    team: spec.team ?? null,
    status: spec.status ?? transitions.at(-1)?.to ?? 'open',
    assignee: spec.assignee === undefined ? 'acc-1' : spec.assignee,
    createdAt: micros(spec.created),
    deleted: spec.deleted ?? false,
    transitions,
  };
}

/** mulberry32: a small seeded generator, so a failing history can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES: Status[] = ['open', 'in_progress', 'done', 'closed'];

export interface RandomProject {
  key: string;
  teams: Array<string | null>;
  /** Items are created within [firstDay, firstDay + spanDays). */
  firstDay: string;
  spanDays: number;
}

/**
 * Consistent random histories: each transition's from_status is the previous one's to_status (in the
 * (instant, id) order), the current status is the last to_status. Gaps mix same-instant ties, exact
 * midnights, minutes, hours and weeks, so day boundaries and long in-progress stretches both occur.
 */
export function randomHistories(seed: number, count: number, projects: RandomProject[]): ItemHistory[] {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const items: ItemHistory[] = [];
  for (let n = 0; n < count; n++) {
    const project = pick(projects);
    const createdAt = dayStart(project.firstDay) + Math.floor(random() * project.spanDays * MICROS_PER_DAY);
    const times: number[] = [];
    let at = createdAt;
    const transitionCount = Math.floor(random() * 8);
    for (let k = 0; k < transitionCount; k++) {
      const r = random();
      if (r < 0.1) at += 0;
      else if (r < 0.2) at = dayStart(addDays(dayOf(at), 1 + Math.floor(random() * 3)));
      else if (r < 0.25) at = dayStart(addDays(dayOf(at), 1)) - 1;
      else if (r < 0.5) at += Math.floor(random() * 6 * 3_600_000_000);
      else at += Math.floor(random() * 30 * MICROS_PER_DAY);
      times.push(at);
    }
    const transitions = ordered(
      times.map((t): TransitionHistory => ({ id: randomUUID(), from: null, to: 'open', at: t })),
    );
    const initial = pick<Status | null>([null, null, 'open', 'open', 'in_progress', 'done']);
    let current: Status | null = initial;
    for (const transition of transitions) {
      transition.from = current;
      // Mostly a real change; now and then a same-status transition (it still resets "entered at").
      transition.to = random() < 0.1 ? (current ?? 'open') : pick(STATUSES.filter((s) => s !== current));
      current = transition.to;
    }
    items.push({
      id: randomUUID(),
      key: `${project.key}-${n + 1}`,
      projectKey: project.key,
      team: pick(project.teams),
      status: current ?? pick(STATUSES),
      assignee: random() < 0.3 ? null : `acc-${Math.floor(random() * 5)}`,
      createdAt,
      deleted: random() < 0.05,
      transitions,
    });
  }
  return items;
}

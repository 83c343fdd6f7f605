import type { Rng } from '../core/rng.ts';
import { personName, PROJECT_NAMES } from './text.ts';

/** The workspace, its people, teams, projects and their sections: small, built eagerly at start. */

export interface AsUser {
  index: number;
  gid: string;
  name: string;
  email: string;
}

export interface AsProject {
  index: number;
  gid: string;
  name: string;
  team: number;
  owner: number;
  color: string;
  /** Epoch milliseconds. */
  createdAt: number;
  members: number[];
  weight: number;
  /** Section gids in board order. */
  sections: string[];
}

export interface AsWorld {
  workspace: { gid: string; name: string };
  teams: { gid: string; name: string }[];
  users: AsUser[];
  projects: AsProject[];
}

/** The status columns of every generated project, left to right. */
export const SECTION_NAMES = ['Backlog', 'To do', 'In progress', 'Review', 'Done'] as const;
export const SECTION = { backlog: 0, todo: 1, inProgress: 2, review: 3, done: 4 } as const;

/**
 * Gids are 16-digit numeric strings as Asana's are; each kind of object has its own range so that a gid tells
 * what it names.
 */
const GID = {
  workspace: 1_208_000_000_000_001,
  user: 1_208_000_000_100_000,
  team: 1_208_000_000_200_000,
  project: 1_208_000_000_300_000,
  section: 1_208_000_000_400_000,
  webhook: 1_208_000_000_500_000,
  task: 1_208_000_100_000_000,
  story: 1_208_001_000_000_000,
  newStory: 1_208_009_000_000_000,
} as const;
export const SECTIONS_PER_PROJECT = 8;
export const STORIES_PER_TASK = 64;

export const gid = {
  user: (i: number) => String(GID.user + i),
  team: (i: number) => String(GID.team + i),
  project: (i: number) => String(GID.project + i),
  section: (project: number, s: number) => String(GID.section + project * SECTIONS_PER_PROJECT + s),
  webhook: (i: number) => String(GID.webhook + i),
  task: (g: number) => String(GID.task + g),
  story: (g: number, k: number) => String(GID.story + g * STORIES_PER_TASK + k),
  newStory: (n: number) => String(GID.newStory + n),
};

/** The index a gid names within a range, or undefined when it is not in that range. */
function inRange(value: string, base: number, limit: number): number | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const n = Number(value) - base;
  return n >= 0 && n < limit ? n : undefined;
}

export const parseGid = {
  user: (v: string) => inRange(v, GID.user, 100_000),
  project: (v: string) => inRange(v, GID.project, 100_000),
  section: (v: string) => {
    const n = inRange(v, GID.section, 100_000);
    return n === undefined
      ? undefined
      : { project: Math.floor(n / SECTIONS_PER_PROJECT), section: n % SECTIONS_PER_PROJECT };
  },
  team: (v: string) => inRange(v, GID.team, 100_000),
  webhook: (v: string) => inRange(v, GID.webhook, 100_000),
  task: (v: string) => inRange(v, GID.task, 800_000_000),
  workspace: (v: string) => (v === String(GID.workspace) ? 0 : undefined),
};

const COLORS = [
  'dark-pink',
  'dark-green',
  'dark-blue',
  'dark-red',
  'dark-teal',
  'dark-brown',
  'dark-orange',
  'dark-purple',
  'light-blue',
  'light-green',
] as const;
const TEAMS = ['Product', 'Marketing', 'Engineering', 'Operations', 'Customer Success'] as const;
const DAY_MS = 86_400_000;

export function projectCount(size: number): number {
  return Math.min(PROJECT_NAMES.length, Math.max(size >= 10 ? 2 : 1, Math.ceil(Math.sqrt(size) / 10)));
}

export function buildWorld(rng: Rng, size: number, nowMs: number): AsWorld {
  const userCount = Math.min(60, 8 + Math.ceil(size / 4000));
  const names = rng.fork('users');
  const users: AsUser[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < userCount; i++) {
    let name = i === 0 ? 'Spiral Sync Bot' : personName(names);
    while (taken.has(name)) name = personName(names);
    taken.add(name);
    const local = name.toLowerCase().replace(/[^a-z]+/g, '.');
    users.push({ index: i, gid: gid.user(i), name, email: `${local}@spiral-labs.example` });
  }
  const teams = TEAMS.map((name, i) => ({ gid: gid.team(i), name }));
  const projects: AsProject[] = [];
  const p = rng.fork('projects');
  for (let i = 0; i < projectCount(size); i++) {
    const memberCount = Math.min(userCount - 1, p.int(4, 12));
    const start = p.int(1, userCount - 1);
    const members = new Set<number>();
    for (let k = 0; k < memberCount; k++) members.add(1 + ((start - 1 + k * 3) % (userCount - 1)));
    const list = [...members];
    projects.push({
      index: i,
      gid: gid.project(i),
      name: PROJECT_NAMES[i] ?? `Project ${i + 1}`,
      team: i % teams.length,
      owner: list[0] ?? 1,
      color: p.pick(COLORS),
      createdAt: nowMs - p.int(600, 1200) * DAY_MS,
      members: list,
      weight: 0.3 + p.next() * 1.7,
      sections: SECTION_NAMES.map((_, s) => gid.section(i, s)),
    });
  }
  return { workspace: { gid: String(GID.workspace), name: 'Spiral Labs' }, teams, users, projects };
}

/** The user a request names: a gid, an email, or "me" (the caller). */
export function findUser(world: AsWorld, value: string, me: number): AsUser | undefined {
  if (value === 'me') return world.users[me];
  const byGid = parseGid.user(value);
  if (byGid !== undefined) return world.users[byGid];
  return world.users.find((u) => u.email === value.toLowerCase());
}

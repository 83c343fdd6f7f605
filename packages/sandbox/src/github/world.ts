import type { Rng } from '../core/rng.ts';
import { language, personName, REPO_NAMES } from './text.ts';

/** The organization, its people, repositories and labels: small, built eagerly at start. */

export interface GhUser {
  index: number;
  id: number;
  login: string;
  name: string;
  email: string;
  /** Epoch seconds. */
  createdAt: number;
}

export interface GhRepo {
  index: number;
  id: number;
  name: string;
  description: string;
  language: string;
  /** Epoch seconds. */
  createdAt: number;
  /** Indices of the users who work in this repository (the first ones are its maintainers). */
  members: number[];
  /** Relative share of the organization's work items. */
  weight: number;
}

export interface LabelDef {
  /** Bit of the label in an item's label mask. */
  bit: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface GhWorld {
  org: { login: string; id: number; name: string };
  users: GhUser[];
  repos: GhRepo[];
  labels: LabelDef[];
  /** Rendered JSON of things that never change (users), by API base and index: pages repeat them a lot. */
  rendered: Map<string, unknown>;
}

/** Label bits with a meaning in the generated workflow. */
export const LABEL = {
  bug: 0,
  enhancement: 1,
  documentation: 2,
  question: 3,
  goodFirstIssue: 4,
  helpWanted: 5,
  priorityHigh: 6,
  priorityLow: 7,
  techDebt: 8,
  security: 9,
  performance: 10,
  inProgress: 11,
  inReview: 12,
  needsTriage: 13,
  wontfix: 14,
  duplicate: 15,
} as const;

const LABELS: readonly LabelDef[] = [
  { bit: 0, name: 'bug', color: 'd73a4a', description: "Something isn't working", default: true },
  { bit: 1, name: 'enhancement', color: 'a2eeef', description: 'New feature or request', default: true },
  {
    bit: 2,
    name: 'documentation',
    color: '0075ca',
    description: 'Improvements or additions to documentation',
    default: true,
  },
  {
    bit: 3,
    name: 'question',
    color: 'd876e3',
    description: 'Further information is requested',
    default: true,
  },
  { bit: 4, name: 'good first issue', color: '7057ff', description: 'Good for newcomers', default: true },
  { bit: 5, name: 'help wanted', color: '008672', description: 'Extra attention is needed', default: true },
  {
    bit: 6,
    name: 'priority: high',
    color: 'b60205',
    description: 'Needs attention this sprint',
    default: false,
  },
  { bit: 7, name: 'priority: low', color: 'c5def5', description: 'Nice to have', default: false },
  {
    bit: 8,
    name: 'tech-debt',
    color: 'fbca04',
    description: 'Cleanup that pays for itself later',
    default: false,
  },
  { bit: 9, name: 'security', color: 'ee0701', description: 'Security-relevant change', default: false },
  {
    bit: 10,
    name: 'performance',
    color: 'f9d0c4',
    description: 'Latency, throughput or memory',
    default: false,
  },
  { bit: 11, name: 'in progress', color: '0e8a16', description: 'Someone is working on it', default: false },
  { bit: 12, name: 'in review', color: '5319e7', description: 'Waiting for review', default: false },
  { bit: 13, name: 'needs triage', color: 'ededed', description: 'Not yet looked at', default: false },
  { bit: 14, name: 'wontfix', color: 'ffffff', description: 'This will not be worked on', default: true },
  {
    bit: 15,
    name: 'duplicate',
    color: 'cfd3d7',
    description: 'This issue or pull request already exists',
    default: true,
  },
];

const DAY = 86_400;

/** Number of repositories for a given number of work items: a few for a small team, dozens for a large org. */
export function repoCount(size: number): number {
  return Math.min(REPO_NAMES.length, Math.max(size >= 10 ? 2 : 1, Math.ceil(Math.sqrt(size) / 10)));
}

export function buildWorld(rng: Rng, size: number, nowSec: number): GhWorld {
  const userCount = Math.min(60, 8 + Math.ceil(size / 4000));
  const users: GhUser[] = [];
  const taken = new Set<string>();
  const names = rng.fork('users');
  for (let i = 0; i < userCount; i++) {
    let name = personName(names);
    let login = name.toLowerCase().replace(/ /g, '-');
    for (let n = 2; taken.has(login); n++) login = `${name.toLowerCase().replace(/ /g, '-')}${n}`;
    if (i === 0) {
      // The default token belongs to an automation account, as sync integrations usually do.
      name = 'Spiral Sync Bot';
      login = 'spiral-sync-bot';
    }
    taken.add(login);
    users.push({
      index: i,
      id: 4_100_000 + i * 7919,
      login,
      name,
      email: `${login}@spiral-labs.example`,
      createdAt: nowSec - names.int(400, 3000) * DAY,
    });
  }
  const repos: GhRepo[] = [];
  const repoRng = rng.fork('repos');
  const count = repoCount(size);
  for (let r = 0; r < count; r++) {
    const name = REPO_NAMES[r] ?? `service-${r}`;
    const memberCount = Math.min(userCount - 1, repoRng.int(4, 12));
    const members: number[] = [];
    // Member lists start at 1: the bot (user 0) opens nothing by itself but acts through the API.
    const start = repoRng.int(1, userCount - 1);
    for (let k = 0; k < memberCount; k++) members.push(1 + ((start - 1 + k * 3) % (userCount - 1)));
    repos.push({
      index: r,
      id: 612_000_000 + r * 104_729,
      name,
      description: `The ${name.replace(/-/g, ' ')} of the Spiral Labs platform.`,
      language: language(repoRng),
      createdAt: nowSec - repoRng.int(600, 1500) * DAY,
      members: [...new Set(members)],
      weight: 0.3 + repoRng.next() * 1.7,
    });
  }
  return {
    org: { login: 'spiral-labs', id: 91_000_001, name: 'Spiral Labs' },
    users,
    repos,
    labels: [...LABELS],
    rendered: new Map(),
  };
}

export function labelByName(world: GhWorld, name: string): LabelDef | undefined {
  const lower = name.toLowerCase();
  return world.labels.find((l) => l.name.toLowerCase() === lower);
}

export function userByLogin(world: GhWorld, login: string): GhUser | undefined {
  const lower = login.toLowerCase();
  return world.users.find((u) => u.login === lower);
}

/** Bits available for labels in an item's mask. */
const MAX_LABELS = 32;

/**
 * The label mask of some label names. Unknown names make it null, unless `create` is set: then they are created,
 * as GitHub creates labels named in a new or edited issue (up to the mask's width).
 */
export function resolveLabels(world: GhWorld, names: readonly string[], create: boolean): number | null {
  let mask = 0;
  for (const name of names) {
    let def = labelByName(world, name);
    if (!def && create && world.labels.length < MAX_LABELS) {
      def = { bit: world.labels.length, name, color: 'ededed', description: null, default: false };
      world.labels.push(def);
    }
    if (!def) return null;
    mask |= 2 ** def.bit;
  }
  return mask >>> 0;
}

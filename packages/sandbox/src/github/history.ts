import { createRng, type Rng } from '../core/rng.ts';
import { commentBody } from './text.ts';
import { LABEL } from './world.ts';

/**
 * The life of one issue or pull request, replayed from its own seed. The same seed always yields the same
 * history, so only a few numbers per item are kept in memory and the rest is derived when a request needs it.
 */

export type EventKind =
  'labeled' | 'unlabeled' | 'assigned' | 'unassigned' | 'closed' | 'reopened' | 'merged' | 'renamed';
export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate';

export interface GhEvent {
  id: number;
  kind: EventKind;
  /** Epoch seconds. */
  at: number;
  /** User index of whoever did it. */
  actor: number;
  label?: number;
  assignee?: number;
  stateReason?: StateReason | null;
  rename?: { from: string; to: string };
  commitId?: string;
}

export interface GhComment {
  id: number;
  at: number;
  updatedAt: number;
  author: number;
  body: string;
}

export interface History {
  events: GhEvent[];
  comments: GhComment[];
}

/** What an item looks like after its history: the numbers the compact table keeps. */
export interface ItemState {
  open: boolean;
  closedAt: number;
  mergedAt: number;
  closedBy: number;
  stateReason: StateReason | null;
  labels: number;
  assignees: number[];
  updatedAt: number;
}

export interface ItemSeed {
  /** Global item index: ids of the generated events and comments derive from it. */
  g: number;
  seed: number;
  createdAt: number;
  isPullRequest: boolean;
  author: number;
  /** Users working in the repository; the first three act as maintainers. */
  members: readonly number[];
  nowSec: number;
}

export const EVENT_ID_BASE = 5_000_000_000;
export const COMMENT_ID_BASE = 3_000_000_000;
/** Generated events and comments per item are capped so that ids derive from the item index. */
const PER_ITEM = 64;
const HOUR = 3600;
const DAY = 86_400;

/** A log-normal duration in seconds with the given median. */
function lognormal(rng: Rng, medianSeconds: number, sigma: number): number {
  const u1 = Math.max(rng.next(), 1e-12);
  const u2 = rng.next();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.round(medianSeconds * Math.exp(sigma * normal));
}

type Planned = Omit<GhEvent, 'id'>;

function typeLabel(rng: Rng, isPullRequest: boolean): number {
  const roll = rng.next();
  if (roll < 0.4) return LABEL.bug;
  if (roll < 0.72) return LABEL.enhancement;
  if (roll < 0.8) return LABEL.documentation;
  if (roll < 0.9) return LABEL.techDebt;
  if (roll < 0.95) return isPullRequest ? LABEL.performance : LABEL.question;
  return rng.chance(0.5) ? LABEL.security : LABEL.performance;
}

function planIssue(rng: Rng, s: ItemSeed, plan: Planned[], maintainers: readonly number[]): number {
  const t0 = s.createdAt;
  const lead = Math.max(2 * HOUR, lognormal(rng, 6 * DAY, 1.25));
  const fate = rng.next();
  const worker = rng.pick(s.members);
  if (fate < 0.1) return t0 + lognormal(rng, 40 * DAY, 0.8); // backlog: never picked up
  if (fate < 0.18) {
    // Dropped: a maintainer closes it as not planned, sometimes as a duplicate.
    const at = t0 + lognormal(rng, 10 * DAY, 1);
    const dup = rng.chance(0.4);
    plan.push({
      kind: 'labeled',
      at,
      actor: rng.pick(maintainers),
      label: dup ? LABEL.duplicate : LABEL.wontfix,
    });
    plan.push({
      kind: 'closed',
      at,
      actor: rng.pick(maintainers),
      stateReason: dup ? 'duplicate' : 'not_planned',
    });
    return at;
  }
  const stuck = fate < 0.25;
  const tAssign = t0 + Math.min(Math.round(lead * 0.3), lognormal(rng, 20 * HOUR, 1.2));
  const assigned = stuck || rng.chance(0.85);
  if (assigned) plan.push({ kind: 'assigned', at: tAssign, actor: rng.pick(maintainers), assignee: worker });
  const tStart = tAssign + rng.int(60, 6 * HOUR);
  const started = stuck || rng.chance(0.6);
  if (started)
    plan.push({
      kind: 'labeled',
      at: tStart,
      actor: assigned ? worker : rng.pick(maintainers),
      label: LABEL.inProgress,
    });
  if (stuck) {
    // Stuck for weeks, until someone finally finishes or abandons it: recent ones are still stuck today.
    const tEnd = tStart + lognormal(rng, 45 * DAY, 0.7);
    plan.push({ kind: 'unlabeled', at: tEnd, actor: worker, label: LABEL.inProgress });
    plan.push({
      kind: 'closed',
      at: tEnd,
      actor: worker,
      stateReason: rng.chance(0.5) ? 'completed' : 'not_planned',
    });
    return tEnd;
  }
  if (assigned && rng.chance(0.1)) {
    // Handed over to someone else half way.
    const at = tStart + Math.round(lead * 0.3);
    const next = rng.pick(s.members);
    if (next !== worker) {
      plan.push({ kind: 'unassigned', at, actor: rng.pick(maintainers), assignee: worker });
      plan.push({ kind: 'assigned', at, actor: rng.pick(maintainers), assignee: next });
    }
  }
  let tReview = Math.max(tStart + HOUR, t0 + Math.round(lead * 0.8));
  const reviewed = started && rng.chance(0.45);
  if (reviewed) {
    plan.push({ kind: 'unlabeled', at: tReview, actor: worker, label: LABEL.inProgress });
    plan.push({ kind: 'labeled', at: tReview, actor: worker, label: LABEL.inReview });
  } else tReview = tStart;
  const tClose = Math.max(tReview + 30 * 60, t0 + lead);
  const closer = assigned ? worker : rng.pick(maintainers);
  if (reviewed) plan.push({ kind: 'unlabeled', at: tClose, actor: closer, label: LABEL.inReview });
  else if (started) plan.push({ kind: 'unlabeled', at: tClose, actor: closer, label: LABEL.inProgress });
  plan.push({ kind: 'closed', at: tClose, actor: closer, stateReason: 'completed' });
  if (!rng.chance(0.08)) return tClose;
  // Reopened: the fix did not hold.
  const tReopen = tClose + lognormal(rng, 3 * DAY, 1);
  plan.push({ kind: 'reopened', at: tReopen, actor: rng.pick(s.members), stateReason: 'reopened' });
  if (!rng.chance(0.75)) return tReopen;
  const tAgain = tReopen + lognormal(rng, 2 * DAY, 1);
  plan.push({ kind: 'closed', at: tAgain, actor: closer, stateReason: 'completed' });
  return tAgain;
}

function planPullRequest(rng: Rng, s: ItemSeed, plan: Planned[], maintainers: readonly number[]): number {
  const t0 = s.createdAt;
  if (rng.chance(0.7)) plan.push({ kind: 'assigned', at: t0, actor: s.author, assignee: s.author });
  const lead = Math.max(20 * 60, lognormal(rng, 1.2 * DAY, 1.3));
  const fate = rng.next();
  const end = t0 + lead;
  if (fate < 0.78) {
    const merger = rng.pick(maintainers);
    const sha = shaOf(s.seed, 'merge');
    plan.push({ kind: 'merged', at: end, actor: merger, commitId: sha });
    plan.push({ kind: 'closed', at: end, actor: merger, stateReason: null });
  } else if (fate < 0.9) {
    plan.push({
      kind: 'closed',
      at: end,
      actor: rng.chance(0.5) ? s.author : rng.pick(maintainers),
      stateReason: null,
    });
  }
  return end;
}

/** A 40-hex-digit commit sha derived from a seed. */
export function shaOf(seed: number, salt: string): string {
  const rng = createRng(seed).fork(salt);
  let out = '';
  for (let i = 0; i < 5; i++)
    out += Math.floor(rng.next() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out;
}

export function simulate(s: ItemSeed): History {
  const rng = createRng(s.seed);
  const maintainers = s.members.slice(0, 3);
  const plan: Planned[] = [];
  if (rng.chance(0.85)) {
    const at = s.createdAt + lognormal(rng, 3 * HOUR, 1.5);
    plan.push({ kind: 'labeled', at, actor: rng.pick(maintainers), label: typeLabel(rng, s.isPullRequest) });
    if (rng.chance(0.25)) {
      const label = rng.chance(0.4) ? LABEL.priorityHigh : LABEL.priorityLow;
      plan.push({ kind: 'labeled', at, actor: rng.pick(maintainers), label });
    }
  }
  const end = s.isPullRequest
    ? planPullRequest(rng, s, plan, maintainers)
    : planIssue(rng, s, plan, maintainers);
  const events = plan
    .map((p, order) => ({ p, order }))
    .sort((a, b) => a.p.at - b.p.at || a.order - b.order)
    .filter((e) => e.p.at <= s.nowSec)
    .slice(0, PER_ITEM)
    .map((e, k): GhEvent => ({ id: EVENT_ID_BASE + s.g * PER_ITEM + k, ...e.p }));
  const commentCount = Math.min(PER_ITEM, Math.floor(lognormal(rng, s.isPullRequest ? 2.5 : 1.4, 0.9)));
  const span = Math.max(60, end - s.createdAt);
  const times: number[] = [];
  for (let k = 0; k < commentCount; k++) times.push(s.createdAt + 60 + Math.floor(rng.next() * span * 1.1));
  times.sort((a, b) => a - b);
  const comments: GhComment[] = [];
  for (const at of times) {
    if (at > s.nowSec) break;
    const edited = rng.chance(0.1) ? Math.min(s.nowSec, at + rng.int(60, DAY)) : at;
    const author = rng.chance(0.4) ? s.author : rng.pick(s.members);
    comments.push({
      id: COMMENT_ID_BASE + s.g * PER_ITEM + comments.length,
      at,
      updatedAt: edited,
      author,
      body: commentBody(rng),
    });
  }
  return { events, comments };
}

/** The state an item is in after its events. */
export function replay(createdAt: number, history: History): ItemState {
  const state: ItemState = {
    open: true,
    closedAt: 0,
    mergedAt: 0,
    closedBy: -1,
    stateReason: null,
    labels: 0,
    assignees: [],
    updatedAt: createdAt,
  };
  for (const e of history.events) {
    switch (e.kind) {
      case 'labeled':
        state.labels |= 1 << (e.label ?? 0);
        break;
      case 'unlabeled':
        state.labels &= ~(1 << (e.label ?? 0));
        break;
      case 'assigned':
        if (e.assignee !== undefined && !state.assignees.includes(e.assignee))
          state.assignees.push(e.assignee);
        break;
      case 'unassigned':
        state.assignees = state.assignees.filter((a) => a !== e.assignee);
        break;
      case 'closed':
        state.open = false;
        state.closedAt = e.at;
        state.closedBy = e.actor;
        state.stateReason = e.stateReason ?? null;
        break;
      case 'reopened':
        state.open = true;
        state.closedAt = 0;
        state.stateReason = 'reopened';
        break;
      case 'merged':
        state.mergedAt = e.at;
        break;
      case 'renamed':
        break;
    }
    state.updatedAt = Math.max(state.updatedAt, e.at);
  }
  for (const c of history.comments) state.updatedAt = Math.max(state.updatedAt, c.updatedAt);
  return state;
}

import type { Rng } from '../../core/rng.ts';
import { DAY, HOUR } from './dates.ts';
import type { World } from './model.ts';

/** What one history event changed. */
export const EVENT = { state: 0, assignee: 1, priority: 2, title: 3, estimate: 4 } as const;
export type EventKind = (typeof EVENT)[keyof typeof EVENT];

/** One change in a seeded issue's life; `from`/`to` are state, user, priority, estimate or title-revision numbers. */
export interface TimelineEvent {
  at: number;
  actor: number;
  kind: EventKind;
  from: number;
  to: number;
}

export interface CommentSeed {
  at: number;
  author: number;
}

/** A seeded issue's whole life, drawn from its own random stream so it can be re-derived on demand. */
export interface Timeline {
  creator: number;
  priority0: number;
  state0: number;
  assignee0: number;
  estimate: number;
  project: number;
  labels: number;
  events: TimelineEvent[];
  comments: CommentSeed[];
  state: number;
  assignee: number;
  priority: number;
  startedAt: number;
  completedAt: number;
  canceledAt: number;
  triagedAt: number;
  archivedAt: number;
  updatedAt: number;
}

/** Linear auto-archives closed issues after the team's archive period (six months by default). */
export const AUTO_ARCHIVE_MS = 182 * DAY;
/** Teams auto-close (cancel) issues nobody touched for three months. */
export const AUTO_CLOSE_MS = 90 * DAY;

const PRIORITY_WEIGHTS = [0.28, 0.05, 0.2, 0.32, 0.15];
const ESTIMATES = [1, 2, 3, 5, 8];

function normal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** A delay in days around `median`, skewed like real waiting times (most short, some very long). */
function delay(rng: Rng, median: number, sigma = 1): number {
  return median * Math.exp(sigma * normal(rng));
}

function weighted(rng: Rng, weights: readonly number[]): number {
  let roll = rng.next();
  for (let i = 0; i < weights.length; i++) {
    roll -= weights[i]!;
    if (roll < 0) return i;
  }
  return weights.length - 1;
}

/** Walks an issue along its team's flow; a class so that drawing 200,000 lives allocates no closures per issue. */
class Walk {
  t: number;
  alive = true;
  readonly events: TimelineEvent[] = [];

  constructor(
    readonly rng: Rng,
    readonly members: readonly number[],
    readonly now: number,
    start: number,
    public state: number,
    public assignee: number,
  ) {
    this.t = start;
  }

  member(): number {
    return this.members[this.rng.int(0, this.members.length - 1)]!;
  }

  worker(): number {
    return this.assignee >= 0 ? this.assignee : this.member();
  }

  /** Lets `days` pass; false once the clock is passed (the rest of the life has not happened yet). */
  step(days: number): boolean {
    if (!this.alive) return false;
    // Whole milliseconds: the wire format has no more, and `updatedAt > cursor` filters must round-trip.
    this.t += Math.floor(Math.max(days * DAY, 5 * 60_000));
    this.alive = this.t <= this.now;
    return this.alive;
  }

  move(to: number, days: number, actor: number): boolean {
    if (to < 0 || !this.step(days)) return false;
    this.events.push({ at: this.t, actor, kind: EVENT.state, from: this.state, to });
    this.state = to;
    return true;
  }

  assign(to: number, days: number, actor: number): boolean {
    if (!this.step(days)) return false;
    this.events.push({ at: this.t, actor, kind: EVENT.assignee, from: this.assignee, to });
    this.assignee = to;
    return true;
  }
}

/** Draws the life of one issue from creation until `world.nowMs` (events past the clock never happen). */
export function drawTimeline(world: World, teamIdx: number, createdAt: number, rng: Rng): Timeline {
  const team = world.teams[teamIdx]!;
  const roles = team.roles;
  const members = team.members;
  const now = world.nowMs;

  const creator = rng.chance(0.8)
    ? members[rng.int(0, members.length - 1)]!
    : rng.int(0, world.users.length - 1);
  const priority0 = weighted(rng, PRIORITY_WEIGHTS);
  const estimate = team.usesEstimates && rng.chance(0.7) ? rng.pick(ESTIMATES) : -1;
  // Projects that existed when the issue was filed (team.projects is oldest first).
  let open = 0;
  while (open < team.projects.length && world.projects[team.projects[open]!]!.createdAt <= createdAt) open++;
  const project = open > 0 && rng.chance(0.5) ? team.projects[rng.int(0, open - 1)]! : -1;
  let labels = 0;
  for (let n = rng.int(0, 2); n > 0; n--) {
    const label = world.labels[rng.int(0, world.labels.length - 1)]!;
    if (label.team === -1 || label.team === teamIdx) labels |= 1 << label.idx;
  }
  const state0 =
    roles.triage >= 0 && rng.chance(0.3) ? roles.triage : rng.chance(0.55) ? roles.backlog : roles.todo;
  const assignee0 = rng.chance(state0 === roles.todo ? 0.5 : 0.2)
    ? members[rng.int(0, members.length - 1)]!
    : -1;
  const w = new Walk(rng, members, now, createdAt, state0, assignee0);

  if (w.state === roles.triage) {
    const roll = rng.next();
    if (roll < 0.08 && roles.duplicate >= 0) w.move(roles.duplicate, delay(rng, 0.4), w.member());
    else if (roll < 0.14) w.move(roles.canceled, delay(rng, 0.6), w.member());
    else w.move(rng.chance(0.5) ? roles.backlog : roles.todo, delay(rng, 0.8), w.member());
  }
  const fate = rng.next();
  if (w.state === roles.backlog) {
    if (fate < 0.18)
      w.alive = false; // icebox: stays in the backlog
    else if (fate < 0.26) w.move(roles.canceled, delay(rng, 25, 0.8), w.member());
    else w.move(roles.todo, delay(rng, 8), w.member());
  }
  if (w.state === roles.todo) {
    if (w.assignee < 0) w.assign(w.member(), delay(rng, 1), w.member());
    w.move(roles.progress, delay(rng, 5), w.worker());
  }
  if (w.state === roles.progress) {
    const roll = rng.next();
    if (roll < 0.02) {
      // Abandoned: nobody touches it again, until the team's auto-close cancels it after three months.
      const closeAt = w.t + AUTO_CLOSE_MS;
      if (closeAt <= now) {
        w.events.push({ at: closeAt, actor: -1, kind: EVENT.state, from: w.state, to: roles.canceled });
        w.state = roles.canceled;
      }
      w.alive = false;
    } else if (roll < 0.09) {
      w.step(delay(rng, 25, 0.6)); // stuck for weeks before anyone moves it
    } else if (roll < 0.13) {
      w.move(roles.canceled, delay(rng, 6), w.worker());
      w.alive = false;
    }
    if (w.alive && rng.chance(0.1)) w.assign(w.member(), delay(rng, 2), w.member());
    const reviews = roles.review >= 0 && (team.usesEstimates || rng.chance(0.4));
    for (let round = 0; w.alive && reviews && round < 3; round++) {
      if (!w.move(roles.review, delay(rng, 2.5, 0.9), w.worker())) break;
      if (!rng.chance(0.2)) break;
      w.move(roles.progress, delay(rng, 0.8, 0.8), w.member()); // changes requested
    }
    w.move(roles.done, delay(rng, reviews ? 0.8 : 3, 0.9), w.worker());
    if (w.state === roles.done && rng.chance(0.06)) {
      // Reopened after a regression, then fixed again.
      if (w.move(rng.chance(0.5) ? roles.todo : roles.progress, delay(rng, 7), w.member())) {
        if (w.state === roles.todo) w.move(roles.progress, delay(rng, 1), w.worker());
        w.move(roles.done, delay(rng, 3), w.worker());
      }
    }
  }

  const events = w.events;
  const lastActivity = events.length > 0 ? events[events.length - 1]!.at : createdAt;
  const window = Math.max(HOUR, Math.min(now, lastActivity + 3 * DAY) - createdAt);
  let priority = priority0;
  if (rng.chance(0.1)) {
    const to = weighted(rng, PRIORITY_WEIGHTS);
    const at = Math.floor(createdAt + rng.next() * window);
    if (to !== priority0 && at <= now) {
      events.push({ at, actor: w.member(), kind: EVENT.priority, from: priority0, to });
      priority = to;
    }
  }
  if (rng.chance(0.04)) {
    const at = Math.floor(createdAt + rng.next() * Math.min(window, 2 * DAY));
    if (at <= now) events.push({ at, actor: creator, kind: EVENT.title, from: 0, to: 1 });
  }
  events.sort(byTime);

  const comments: CommentSeed[] = [];
  const commentCount = rng.chance(0.35) ? 0 : rng.chance(0.6) ? rng.int(1, 2) : rng.int(3, 6);
  for (let c = 0; c < commentCount; c++) {
    const at = Math.floor(createdAt + rng.next() * window);
    if (at <= now)
      comments.push({ at, author: rng.chance(0.5) && w.assignee >= 0 ? w.assignee : w.member() });
  }
  comments.sort(byTime);

  return finish(world, {
    creator,
    priority0,
    state0,
    assignee0,
    estimate,
    project,
    labels,
    events,
    comments,
    state: w.state,
    assignee: w.assignee,
    priority,
    startedAt: Number.NaN,
    completedAt: Number.NaN,
    canceledAt: Number.NaN,
    triagedAt: Number.NaN,
    archivedAt: Number.NaN,
    updatedAt: createdAt,
  });
}

function byTime(a: { at: number }, b: { at: number }): number {
  return a.at - b.at;
}

/** Derives the lifecycle timestamps from the events, as Linear maintains them. */
function finish(world: World, timeline: Timeline): Timeline {
  let closedAt = Number.NaN;
  let updatedAt = timeline.updatedAt;
  for (const event of timeline.events) {
    updatedAt = Math.max(updatedAt, event.at);
    if (event.kind !== EVENT.state) continue;
    const from = world.states[event.from]!.type;
    const to = world.states[event.to]!.type;
    if (from === 'triage' && Number.isNaN(timeline.triagedAt)) timeline.triagedAt = event.at;
    if (to === 'started' && Number.isNaN(timeline.startedAt)) timeline.startedAt = event.at;
    timeline.completedAt = to === 'completed' ? event.at : Number.NaN;
    timeline.canceledAt = to === 'canceled' || to === 'duplicate' ? event.at : Number.NaN;
    closedAt = to === 'completed' || to === 'canceled' || to === 'duplicate' ? event.at : Number.NaN;
  }
  for (const comment of timeline.comments) updatedAt = Math.max(updatedAt, comment.at);
  if (!Number.isNaN(closedAt) && closedAt + AUTO_ARCHIVE_MS <= world.nowMs) {
    timeline.archivedAt = closedAt + AUTO_ARCHIVE_MS;
    updatedAt = Math.max(updatedAt, timeline.archivedAt);
  }
  timeline.updatedAt = updatedAt;
  return timeline;
}

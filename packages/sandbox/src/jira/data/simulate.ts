import type { Rng } from '../../core/rng.ts';
import { BUG, EPIC, STORY, STORY_POINTS, TASK } from '../catalog/schemes.ts';
import { DONE, TODO, categoryOf, transitionsFrom, type WorkflowDef } from '../catalog/workflow.ts';
import { DAY, HOUR } from '../time.ts';
import { SeededRng } from '../../core/seeded-rng.ts';

/** Kinds of changelog items the simulation produces. */
export const K_STATUS = 0;
export const K_ASSIGNEE = 1;
export const K_PRIORITY = 2;
export const K_POINTS = 3;
/** `from`/`to` are 0 for the Done resolution, -1 for none. */
export const K_RESOLUTION = 4;

/** Generated changelog entries per issue at most (ids reserve 64 per issue). */
export const MAX_GENERATED_HISTORIES = 60;

export interface SimInput {
  seed: number;
  createdMs: number;
  endMs: number;
  type: number;
  workflow: WorkflowDef;
  team: readonly number[];
  /** Person index of the automation app, which closes some issues when their pull request merges. */
  automation: number;
}

/**
 * The life of one issue. `events` is flat: per changelog entry `[timeMs, author, itemCount, (kind, from, to) x
 * itemCount]`, oldest first. The same input always produces the same life, so the changelog need not be stored.
 */
export interface SimResult {
  status: number;
  assignee: number;
  reporter: number;
  priority: number;
  points: number;
  resolvedMs: number;
  statusChangedMs: number;
  lastMs: number;
  historyCount: number;
  events: number[];
}

export function newSimResult(): SimResult {
  return {
    status: TODO,
    assignee: -1,
    reporter: -1,
    priority: 2,
    points: 0,
    resolvedMs: Number.NaN,
    statusChangedMs: 0,
    lastMs: 0,
    historyCount: 0,
    events: [],
  };
}

const PRIORITY_WEIGHTS = [0.05, 0.17, 0.5, 0.18, 0.1];

function weighted(rng: Rng, weights: readonly number[]): number {
  let roll = rng.next();
  for (let i = 0; i < weights.length; i++) {
    roll -= weights[i] ?? 0;
    if (roll < 0) return i;
  }
  return weights.length - 1;
}

function exp(rng: Rng, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}

type Profile = 'churn' | 'untouched' | 'stuck' | 'reopen' | 'normal';

function profileOf(rng: Rng): Profile {
  const roll = rng.next();
  if (roll < 0.006) return 'churn';
  if (roll < 0.146) return 'untouched';
  if (roll < 0.226) return 'stuck';
  if (roll < 0.296) return 'reopen';
  return 'normal';
}

function emit(out: SimResult, time: number, author: number, items: readonly number[]): void {
  if (out.historyCount >= MAX_GENERATED_HISTORIES) return;
  out.events.push(time, author, items.length / 3);
  for (const value of items) out.events.push(value);
  out.historyCount += 1;
}

/** A priority, assignee or estimate change shortly after `t`; returns the new current time. */
function sideEvent(rng: Rng, out: SimResult, input: SimInput, t: number, estimable: boolean): number {
  const time = t + Math.floor(exp(rng, 3 * HOUR));
  if (time > input.endMs) return t;
  const roll = rng.next();
  const actor = rng.pick(input.team);
  if (roll < 0.45) {
    const next = weighted(rng, PRIORITY_WEIGHTS);
    if (next === out.priority) return t;
    emit(out, time, actor, [K_PRIORITY, out.priority, next]);
    out.priority = next;
  } else if (roll < 0.8) {
    const next = rng.pick(input.team);
    if (next === out.assignee) return t;
    emit(out, time, actor, [K_ASSIGNEE, out.assignee, next]);
    out.assignee = next;
  } else if (estimable) {
    const next = rng.pick(STORY_POINTS);
    if (next === out.points) return t;
    emit(out, time, actor, [K_POINTS, out.points, next]);
    out.points = next;
  } else {
    return t;
  }
  return time;
}

/** Runs the life of an issue into `out` (reused between calls to spare allocations while generating). */
export function simulate(input: SimInput, out: SimResult): void {
  const rng = new SeededRng(input.seed);
  const { team, endMs, workflow } = input;
  out.events.length = 0;
  out.historyCount = 0;
  out.reporter = rng.pick(team);
  out.assignee = rng.chance(0.65) ? rng.pick(team) : -1;
  out.priority = weighted(rng, PRIORITY_WEIGHTS);
  const estimable = input.type === STORY || input.type === TASK || input.type === BUG;
  out.points = estimable && rng.chance(0.6) ? rng.pick(STORY_POINTS) : 0;
  out.status = TODO;
  out.resolvedMs = Number.NaN;
  out.statusChangedMs = input.createdMs;
  const profile = profileOf(rng);
  const target = profile === 'churn' ? rng.int(45, MAX_GENERATED_HISTORIES) : MAX_GENERATED_HISTORIES;
  let t = input.createdMs;
  let reopened = false;
  let stalled = false;
  if (profile !== 'untouched' || input.type === EPIC) {
    while (out.historyCount < target) {
      if (out.status === DONE) {
        const again = (profile === 'reopen' && !reopened) || profile === 'churn';
        if (!again) break;
        reopened = true;
      }
      const options = transitionsFrom(workflow, out.status);
      let back = 0;
      for (const o of options) if (!o.forward) back++;
      const forward = options.length - back;
      const pBack = profile === 'churn' ? 0.45 : 0.12;
      const useBack = back > 0 && (forward === 0 || rng.chance(pBack));
      const pool = options.filter((o) => o.forward !== useBack);
      const pick = rng.pick(pool);
      let gap: number;
      if (profile === 'churn') gap = exp(rng, 8 * HOUR);
      else if (profile === 'stuck' && out.status !== TODO && !stalled) {
        // Items stuck for weeks: half never move again, the others move after three to ten weeks.
        if (rng.chance(0.5)) break;
        gap = 21 * DAY + rng.next() * 49 * DAY;
        stalled = true;
      } else gap = exp(rng, out.status === TODO ? 4 * DAY : 1.5 * DAY);
      gap = Math.floor(gap);
      if (t + gap > endMs) break;
      t += gap;
      let author = out.assignee >= 0 ? out.assignee : rng.pick(team);
      if (pick.to === DONE && rng.chance(0.1)) author = input.automation;
      const items = [K_STATUS, out.status, pick.to];
      if (pick.to === DONE) items.push(K_RESOLUTION, -1, 0);
      if (out.status === DONE) items.push(K_RESOLUTION, 0, -1);
      if (out.assignee < 0 && out.status === TODO && rng.chance(0.8)) {
        items.push(K_ASSIGNEE, -1, author);
        out.assignee = author;
      }
      emit(out, t, author, items);
      if (categoryOf(pick.to) !== categoryOf(out.status)) out.statusChangedMs = t;
      out.resolvedMs = pick.to === DONE ? t : out.status === DONE ? Number.NaN : out.resolvedMs;
      out.status = pick.to;
      if (rng.chance(0.3)) t = sideEvent(rng, out, input, t, estimable);
    }
  } else if (rng.chance(0.3)) {
    t = sideEvent(rng, out, input, t, estimable);
  }
  out.lastMs = t;
}

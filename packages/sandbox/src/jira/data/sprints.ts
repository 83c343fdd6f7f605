import { DAY, fromLocal } from '../time.ts';

/** Sprints are two-week periods starting on Mondays; sprint number n starts at origin + n * 14 days. */
const SPRINT_ORIGIN = fromLocal(2020, 1, 6, 9, 0);
const SPRINT_LENGTH = 14 * DAY;

export function sprintAt(ms: number): number {
  return Math.floor((ms - SPRINT_ORIGIN) / SPRINT_LENGTH);
}

export function sprintStart(n: number): number {
  return SPRINT_ORIGIN + n * SPRINT_LENGTH;
}

export function sprintEnd(n: number): number {
  return sprintStart(n + 1) - 2 * DAY;
}

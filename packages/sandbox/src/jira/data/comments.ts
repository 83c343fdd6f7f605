import { SeededRng } from '../../core/seeded-rng.ts';
import { DAY } from '../time.ts';
import { commentText } from './text.ts';

/** A comment the seed generates. */
export interface GeneratedComment {
  n: number;
  author: number;
  createdMs: number;
  text: string;
}

/** Salt that separates the comment stream of an issue from its changelog stream. */
const COMMENT_SALT = 0x5bd1e995;

const COUNT_WEIGHTS = [0.4, 0.2, 0.15, 0.1, 0.05, 0.04, 0.03, 0.02, 0.01];

/** The generated comments of an issue, oldest first (at most 8, so comment ids reserve 16 per issue). */
export function generateComments(
  seed: number,
  createdMs: number,
  endMs: number,
  team: readonly number[],
): GeneratedComment[] {
  const rng = new SeededRng((seed ^ COMMENT_SALT) >>> 0);
  let roll = rng.next();
  let count = 0;
  while (count < COUNT_WEIGHTS.length - 1 && roll >= (COUNT_WEIGHTS[count] ?? 0)) {
    roll -= COUNT_WEIGHTS[count] ?? 0;
    count += 1;
  }
  const horizon = Math.min(endMs, createdMs + 90 * DAY);
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(createdMs + Math.floor(rng.next() * (horizon - createdMs)));
  times.sort((a, b) => a - b);
  return times.map((createdAt, n) => ({ n, author: rng.pick(team), createdMs: createdAt, text: commentText(rng) }));
}

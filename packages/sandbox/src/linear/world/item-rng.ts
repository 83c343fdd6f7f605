import { SeededRng } from '../../core/seeded-rng.ts';

/** The random streams of one issue: its birth (team, time, parent), its life (timeline) and its words. */
export const STREAM = { birth: 1, life: 2, text: 3, comments: 4 } as const;

export function itemRng(base: number, stream: number, idx: number): SeededRng {
  let h = (base ^ Math.imul(stream, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ idx ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return new SeededRng((h ^ (h >>> 16)) >>> 0);
}

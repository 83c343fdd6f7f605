import type { Rng } from '../../core/rng.ts';

/**
 * A per-item random stream (mulberry32, like the core's), as a class: seeding one for each of 200,000 issues must not
 * allocate a handful of closures per issue. Streams are keyed by (base seed, stream, item index).
 */
export class ItemRng implements Rng {
  private state: number;

  constructor(private readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  fork(label: string): Rng {
    let h = 2166136261;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
    return new ItemRng((this.seed ^ h) >>> 0);
  }
}

/** The random streams of one issue: its birth (team, time, parent), its life (timeline) and its words. */
export const STREAM = { birth: 1, life: 2, text: 3, comments: 4 } as const;

export function itemRng(base: number, stream: number, idx: number): ItemRng {
  let h = (base ^ Math.imul(stream, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ idx ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return new ItemRng((h ^ (h >>> 16)) >>> 0);
}

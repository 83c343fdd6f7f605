import { performance } from 'node:perf_hooks';

/**
 * The sandbox clock. It stands still at its anchor while services generate their data (so the same seed, size
 * and anchor give the same data), then runs with real time from `start()`. It never goes backwards.
 */
export interface SandboxClock {
  now(): Date;
  nowMs(): number;
  start(): void;
}

export function createClock(anchorMs: number): SandboxClock {
  let startedAt: number | null = null;
  const nowMs = (): number =>
    startedAt === null ? anchorMs : anchorMs + Math.floor(performance.now() - startedAt);
  return {
    nowMs,
    now: () => new Date(nowMs()),
    start: () => {
      startedAt ??= performance.now();
    },
  };
}

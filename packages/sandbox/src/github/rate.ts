import type { RateState } from '../core/service.ts';

/**
 * GitHub's primary REST budget: 5,000 requests an hour per token, 60 per IP address without one. Used when the
 * core's fault layer did not configure a limit of its own (then its `request.sandboxRate` wins).
 */
export interface RateBudget {
  /** Counts one request against `key`; `allowed` is false when the budget was already spent. */
  consume(key: string, limit: number): { state: RateState; allowed: boolean };
  /** The state of `key` without counting a request (`GET /rate_limit` is free). */
  peek(key: string, limit: number): RateState;
}

const WINDOW_SECONDS = 3600;

export function createRateBudget(nowSec: () => number): RateBudget {
  const windows = new Map<string, { used: number; resetAt: number }>();
  const current = (key: string) => {
    const now = nowSec();
    let w = windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { used: 0, resetAt: now + WINDOW_SECONDS };
      windows.set(key, w);
    }
    return w;
  };
  const state = (w: { used: number; resetAt: number }, limit: number): RateState => ({
    limit,
    used: w.used,
    remaining: Math.max(0, limit - w.used),
    resetAt: w.resetAt,
  });
  return {
    consume(key, limit) {
      const w = current(key);
      // A refused request does not count: `used` stays at the limit, as GitHub reports it.
      if (w.used >= limit) return { state: state(w, limit), allowed: false };
      w.used++;
      return { state: state(w, limit), allowed: true };
    },
    peek(key, limit) {
      return state(current(key), limit);
    },
  };
}

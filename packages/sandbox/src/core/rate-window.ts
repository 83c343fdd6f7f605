import type { RateState } from './service.ts';

interface Window {
  startMs: number;
  count: number;
}

/**
 * Fixed-window request counting per credential. The window of a credential opens with its first request, as
 * GitHub's and Jira's per-user quotas do, so `resetAt` differs between credentials.
 */
export class RateWindows {
  private readonly windows = new Map<string, Window>();

  /** Counts one request of `credential` and returns the state after it. */
  hit(credential: string, limit: number, windowSeconds: number, nowMs: number): RateState {
    const windowMs = windowSeconds * 1000;
    let window = this.windows.get(credential);
    if (window === undefined || nowMs >= window.startMs + windowMs) {
      window = { startMs: nowMs, count: 0 };
      this.windows.set(credential, window);
    }
    window.count += 1;
    return {
      limit,
      used: window.count,
      remaining: Math.max(0, limit - window.count),
      resetAt: Math.ceil((window.startMs + windowMs) / 1000),
    };
  }

  /** Whole seconds until the window of `credential` ends (at least 1, at most the window length). */
  retryAfter(credential: string, windowSeconds: number, nowMs: number): number {
    const window = this.windows.get(credential);
    if (window === undefined) return 1;
    return Math.max(
      1,
      Math.min(windowSeconds, Math.ceil((window.startMs + windowSeconds * 1000 - nowMs) / 1000)),
    );
  }

  clear(): void {
    this.windows.clear();
  }
}

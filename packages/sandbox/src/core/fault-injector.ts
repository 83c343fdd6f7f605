import { FaultConfigSchema, type FaultConfig, type FaultConfigInput } from './fault-config.ts';
import { RateWindows } from './rate-window.ts';
import { createRng, type Rng } from './rng.ts';
import type { RateState } from './service.ts';

export type FaultKind = 'latency' | 'rateLimited' | 'serverError' | 'timeout' | 'reset';

/** What the fault layer does with one request. Every decision carries the delay applied before it. */
export type FaultDecision =
  | { kind: 'pass'; delayMs: number; rate: RateState }
  | { kind: 'rateLimited'; delayMs: number; rate: RateState; retryAfterSeconds: number }
  | { kind: 'serverError'; delayMs: number; rate: RateState; status: 500 | 502 | 503 }
  | { kind: 'timeout'; delayMs: number; rate: RateState; holdMs: number }
  | { kind: 'reset'; delayMs: number; rate: RateState };

/**
 * Nominal quota used for `RateState` when no limit is configured, so services that always report their quota
 * (GitHub's `x-ratelimit-*`) have numbers to show; such requests are never refused.
 */
const NOMINAL_LIMIT = { requests: 5000, windowSeconds: 3600 };

export function emptyFaultCounts(): Record<FaultKind, number> {
  return { latency: 0, rateLimited: 0, serverError: 0, timeout: 0, reset: 0 };
}

/**
 * Decides, request by request, which fault to inject. All draws come from one generator seeded by the sandbox
 * seed and the service name, so the same seed and the same request order give the same faults. Setting a new
 * configuration restarts the generator, which makes a run after `PUT /_sandbox/faults` reproducible on its own.
 */
export class FaultInjector {
  private current: FaultConfig;
  private rng: Rng;
  private readonly windows = new RateWindows();
  private counts = emptyFaultCounts();

  constructor(
    private readonly seed: number,
    config: FaultConfig,
    private readonly nowMs: () => number,
  ) {
    this.current = config;
    this.rng = createRng(seed);
  }

  get config(): FaultConfig {
    return this.current;
  }

  /** Replaces the configuration (validated by the caller or parsed here) and restarts the random sequence. */
  configure(input: FaultConfig | FaultConfigInput): FaultConfig {
    this.current = FaultConfigSchema.parse(input);
    this.rng = createRng(this.seed);
    this.windows.clear();
    return this.current;
  }

  faultCounts(): Record<FaultKind, number> {
    return { ...this.counts };
  }

  resetCounts(): void {
    this.counts = emptyFaultCounts();
  }

  decide(credential: string | null): FaultDecision {
    const f = this.current;
    // Both draws happen for every request so that enabling one kind of fault does not shift the others.
    const roll = this.rng.next();
    const jitterDraw = this.rng.next();
    const delayMs = f.latencyMs + Math.floor(jitterDraw * (f.jitterMs + 1));
    if (delayMs > 0) this.counts.latency += 1;

    const quota = f.rateLimit ?? NOMINAL_LIMIT;
    const key = credential ?? '(anonymous)';
    const nowMs = this.nowMs();
    const rate = this.windows.hit(key, quota.requests, quota.windowSeconds, nowMs);
    if (f.rateLimit !== null && rate.used > rate.limit) {
      this.counts.rateLimited += 1;
      const retryAfterSeconds = this.windows.retryAfter(key, quota.windowSeconds, nowMs);
      return { kind: 'rateLimited', delayMs, rate, retryAfterSeconds };
    }
    if (roll < f.timeoutRate) {
      this.counts.timeout += 1;
      return { kind: 'timeout', delayMs, rate, holdMs: f.timeoutMs };
    }
    if (roll < f.timeoutRate + f.resetRate) {
      this.counts.reset += 1;
      return { kind: 'reset', delayMs, rate };
    }
    if (roll < f.timeoutRate + f.resetRate + f.errorRate) {
      this.counts.serverError += 1;
      // Reuse the roll's position inside the error band to pick the status: no extra draw needed.
      const band = (roll - f.timeoutRate - f.resetRate) / f.errorRate;
      const status =
        f.errorStatuses[Math.min(f.errorStatuses.length - 1, Math.floor(band * f.errorStatuses.length))];
      return { kind: 'serverError', delayMs, rate, status: status ?? 500 };
    }
    return { kind: 'pass', delayMs, rate };
  }
}

import { ExpiringMap } from './expiring-map.ts';
import { parseConsume, TOKEN_EPSILON } from './rate-limiter.ts';
import type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter.ts';

interface Bucket {
  tokens: number;
  /** Clock time (ms) the tokens were counted at. */
  updatedAt: number;
}

/**
 * The single-process rate limiter. JavaScript runs `consume` to completion between awaits, which makes each
 * call atomic without locks. Time comes from the injected clock (ms).
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #now: () => number;
  readonly #buckets: ExpiringMap<Bucket>;

  constructor(now: () => number) {
    this.#now = now;
    this.#buckets = new ExpiringMap(now);
  }

  consume(key: string, rule: RateLimitRule, cost = 1): Promise<RateLimitDecision> {
    // An executor that throws rejects the promise, as an async method would.
    return new Promise((resolve) => resolve(this.#consume(key, rule, cost)));
  }

  #consume(key: string, rule: RateLimitRule, cost: number): RateLimitDecision {
    const { capacity, refillPerSecond } = parseConsume(key, rule, cost).rule;
    const now = this.#now();
    const previous = this.#buckets.get(key);
    let tokens = capacity;
    let updatedAt = now;
    if (previous !== undefined) {
      // A clock that steps back must not refill the bucket twice, so time only moves forward here.
      const elapsedMs = Math.max(0, now - previous.updatedAt);
      tokens = Math.min(capacity, previous.tokens + (elapsedMs / 1000) * refillPerSecond);
      updatedAt = Math.max(previous.updatedAt, now);
    }
    let allowed = false;
    let retryAfterSeconds = 0;
    if (tokens + TOKEN_EPSILON >= cost) {
      allowed = true;
      tokens = Math.max(0, tokens - cost);
    } else {
      retryAfterSeconds = Math.max(1, Math.ceil((cost - tokens) / refillPerSecond - TOKEN_EPSILON));
    }
    // Once full again the bucket is the same as a missing one, so it can be dropped then.
    const msUntilFull = Math.ceil(((capacity - tokens) / refillPerSecond) * 1000) + 1;
    this.#buckets.set(key, { tokens, updatedAt }, updatedAt + msUntilFull);
    return { allowed, limit: capacity, remaining: Math.floor(tokens + TOKEN_EPSILON), retryAfterSeconds };
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../errors/app-error.ts';
import type { RateLimiter, RateLimitRule } from '../../kv/rate-limiter.ts';

export interface BudgetGateOptions {
  limiter: RateLimiter;
  /** `budgetKey(connection)`: every worker of the instance draws from the same bucket. */
  key: string;
  rule: RateLimitRule;
  /** The longest one wait may be before the caller gets rate_limited instead. */
  maxWaitSeconds: number;
  wait?: (ms: number) => Promise<void>;
}

/**
 * Takes one token of the instance's shared request budget per HTTP attempt, waiting while the bucket
 * refills; a refill longer than `maxWaitSeconds` is answered with rate_limited and its retryAfter.
 */
export function createBudgetGate(options: BudgetGateOptions): () => Promise<void> {
  const wait = options.wait ?? ((ms: number) => sleep(ms));
  return async () => {
    for (;;) {
      const decision = await options.limiter.consume(options.key, options.rule);
      if (decision.allowed) return;
      if (decision.retryAfterSeconds > options.maxWaitSeconds) {
        throw new AppError('rate_limited', 'the request budget of this github instance is spent', {
          retryAfter: decision.retryAfterSeconds,
        });
      }
      await wait(decision.retryAfterSeconds * 1000);
    }
  };
}

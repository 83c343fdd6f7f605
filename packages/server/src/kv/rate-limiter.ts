import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** The longest a bucket may take to refill from empty: beyond that a "rate" is really a quota. */
const MAX_REFILL_SECONDS = 30 * 86_400;

/**
 * Float tolerance on token counts, shared by both implementations (and mirrored in the Lua script), so
 * that 6 s × (10/60 tokens/s) counts as the 1 token that `retryAfterSeconds` promised.
 */
export const TOKEN_EPSILON = 1e-6;

/** A token bucket: up to `capacity` tokens, refilled continuously at `refillPerSecond`. */
export const rateLimitRuleSchema = z
  .object({
    capacity: z.number().int().min(1).max(1_000_000_000),
    refillPerSecond: z.number().positive().max(1_000_000_000),
  })
  .refine((rule) => rule.capacity / rule.refillPerSecond <= MAX_REFILL_SECONDS, {
    message: `the bucket must refill from empty within ${MAX_REFILL_SECONDS} seconds`,
    path: ['refillPerSecond'],
  });

export type RateLimitRule = z.infer<typeof rateLimitRuleSchema>;

const consumeSchema = z
  .object({ key: z.string().min(1), rule: rateLimitRuleSchema, cost: z.number().int().min(1) })
  .refine((c) => c.cost <= c.rule.capacity, { message: 'cost exceeds the bucket capacity', path: ['cost'] });

export interface RateLimitDecision {
  allowed: boolean;
  /** The bucket capacity. */
  limit: number;
  /** Whole tokens left after this call. */
  remaining: number;
  /** 0 when allowed; otherwise whole seconds (rounded up) until `cost` tokens are back. */
  retryAfterSeconds: number;
}

/** Atomic token-bucket rate limiting, shared by every process that uses the same backend. */
export interface RateLimiter {
  /**
   * Takes `cost` tokens from the bucket named `key` if it holds that many. A key should always be used with
   * the same rule. Rejects with `validation_error` for a malformed rule, or a cost above the capacity
   * (which could never be admitted).
   */
  consume(key: string, rule: RateLimitRule, cost?: number): Promise<RateLimitDecision>;
}

/** Validates `consume` arguments; both implementations call it first. */
export function parseConsume(key: string, rule: RateLimitRule, cost: number): z.infer<typeof consumeSchema> {
  const parsed = consumeSchema.safeParse({ key, rule, cost });
  if (!parsed.success) {
    throw new AppError('validation_error', 'Invalid rate limit rule or cost.', {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  return parsed.data;
}

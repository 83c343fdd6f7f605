import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.ts';
import { MemoryRateLimiter } from '../../src/kv/rate-limiter-memory.ts';
import type { RateLimitDecision, RateLimitRule } from '../../src/kv/rate-limiter.ts';
import { backends } from './backends.ts';
import type { KvHarness } from './backends.ts';

/** 100 tokens that come back over 30 days: nothing measurable refills while a test runs. */
const HUNDRED_NO_REFILL: RateLimitRule = { capacity: 100, refillPerSecond: 100 / (30 * 86_400) };

function summarize(decisions: RateLimitDecision[]): {
  allowedRemaining: number[];
  refused: RateLimitDecision[];
} {
  return {
    allowedRemaining: decisions
      .filter((d) => d.allowed)
      .map((d) => d.remaining)
      .sort((a, b) => a - b),
    refused: decisions.filter((d) => !d.allowed),
  };
}

const zeroToNinetyNine = Array.from({ length: 100 }, (_, i) => i);

describe.each(backends())('RateLimiter on $name', (backend) => {
  let h: KvHarness;
  beforeEach(async () => {
    h = await backend.open();
  });
  afterEach(async () => {
    await h.close();
  });

  it('admits exactly the capacity out of 1,000 concurrent calls, each seeing its own token count', async () => {
    const decisions = await Promise.all(
      Array.from({ length: 1000 }, () => h.kv.rateLimiter.consume('burst', HUNDRED_NO_REFILL)),
    );
    const { allowedRemaining, refused } = summarize(decisions);
    expect(allowedRemaining).toEqual(zeroToNinetyNine);
    expect(refused).toHaveLength(900);
    for (const d of refused) {
      expect(d).toEqual({
        allowed: false,
        limit: 100,
        remaining: 0,
        retryAfterSeconds: expect.any(Number) as number,
      });
      expect(d.retryAfterSeconds).toBeGreaterThan(25_000);
    }
  });

  it('shares one limit between two clients (processes): exactly the capacity is admitted between them', async () => {
    const decisions = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        (i % 2 === 0 ? h.kv : h.peer).rateLimiter.consume('shared', HUNDRED_NO_REFILL),
      ),
    );
    const { allowedRemaining, refused } = summarize(decisions);
    expect(allowedRemaining).toEqual(zeroToNinetyNine);
    expect(refused).toHaveLength(900);
  });

  it('counts down, then answers the whole seconds until the cost is back', async () => {
    const rule = { capacity: 10, refillPerSecond: 10 / 60 };
    const decisions: RateLimitDecision[] = [];
    for (let i = 0; i < 10; i += 1) decisions.push(await h.kv.rateLimiter.consume('countdown', rule));
    expect(decisions).toEqual(
      [9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((remaining) => ({
        allowed: true,
        limit: 10,
        remaining,
        retryAfterSeconds: 0,
      })),
    );
    expect(await h.kv.rateLimiter.consume('countdown', rule)).toEqual({
      allowed: false,
      limit: 10,
      remaining: 0,
      retryAfterSeconds: 6,
    });
    expect(await h.kv.rateLimiter.consume('countdown', rule, 3)).toEqual({
      allowed: false,
      limit: 10,
      remaining: 0,
      retryAfterSeconds: 18,
    });
  });

  it('refills over time, never beyond the capacity', async () => {
    const rule = { capacity: 2, refillPerSecond: 10 };
    const consume = (): Promise<RateLimitDecision> => h.kv.rateLimiter.consume('refill', rule, 2);
    expect(await consume()).toEqual({ allowed: true, limit: 2, remaining: 0, retryAfterSeconds: 0 });
    expect(await consume()).toEqual({ allowed: false, limit: 2, remaining: 0, retryAfterSeconds: 1 });
    // 400 ms at 10 tokens/s would be 4 tokens; the bucket holds 2.
    await h.elapse(400);
    expect(await h.kv.rateLimiter.consume('refill', rule, 1)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      retryAfterSeconds: 0,
    });
  });

  it('keeps buckets apart per key, also for keys that differ only around ":"', async () => {
    const rule = { capacity: 1, refillPerSecond: 1 / 3600 };
    const keys = [
      'tenant-1:jira_create_issue',
      'tenant-1',
      'tenant-1:jira_create_issue:x',
      'tenant-1%3Ajira_create_issue',
    ];
    const first = await Promise.all(keys.map((key) => h.kv.rateLimiter.consume(key, rule)));
    const second = await Promise.all(keys.map((key) => h.kv.rateLimiter.consume(key, rule)));
    expect(first.map((d) => d.allowed)).toEqual([true, true, true, true]);
    expect(second.map((d) => d.allowed)).toEqual([false, false, false, false]);
  });

  it('refuses malformed rules and costs with a validation error', async () => {
    const ok = { capacity: 10, refillPerSecond: 1 };
    const bad: Array<[string, RateLimitRule, number]> = [
      ['key', { capacity: 0, refillPerSecond: 1 }, 1],
      ['key', { capacity: -5, refillPerSecond: 1 }, 1],
      ['key', { capacity: Number.NaN, refillPerSecond: 1 }, 1],
      ['key', { capacity: Number.POSITIVE_INFINITY, refillPerSecond: 1 }, 1],
      ['key', { capacity: 1.5, refillPerSecond: 1 }, 1],
      ['key', { capacity: 10, refillPerSecond: 0 }, 1],
      ['key', { capacity: 10, refillPerSecond: Number.NaN }, 1],
      ['key', { capacity: 10, refillPerSecond: -1 }, 1],
      ['key', { capacity: 100, refillPerSecond: 1e-9 }, 1],
      ['key', ok, 0],
      ['key', ok, 11],
      ['key', ok, 1.5],
      ['', ok, 1],
    ];
    for (const [key, rule, cost] of bad) {
      const error: unknown = await h.kv.rateLimiter.consume(key, rule, cost).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'validation_error', message: 'Invalid rate limit rule or cost.' });
    }
    // Nothing was consumed by the refused calls.
    expect(await h.kv.rateLimiter.consume('key', ok)).toEqual({
      allowed: true,
      limit: 10,
      remaining: 9,
      retryAfterSeconds: 0,
    });
  });
});

describe('MemoryRateLimiter clock handling', () => {
  it('refills nothing when the clock steps back, and counts from the latest time seen', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    const rule = { capacity: 1, refillPerSecond: 1 };
    expect((await limiter.consume('k', rule)).allowed).toBe(true);
    now -= 5_000;
    expect(await limiter.consume('k', rule)).toEqual({
      allowed: false,
      limit: 1,
      remaining: 0,
      retryAfterSeconds: 1,
    });
    now += 5_000 + 999;
    expect((await limiter.consume('k', rule)).allowed).toBe(false);
    now += 1;
    expect(await limiter.consume('k', rule)).toEqual({
      allowed: true,
      limit: 1,
      remaining: 0,
      retryAfterSeconds: 0,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { FaultConfigSchema } from '../../src/core/fault-config.ts';
import { FaultInjector, type FaultDecision } from '../../src/core/fault-injector.ts';

function kinds(decisions: readonly FaultDecision[]): string[] {
  return decisions.map((d) => (d.kind === 'serverError' ? `${d.kind}:${d.status}` : d.kind));
}

function run(seed: number, config: object, count: number, credential = 'a'): FaultDecision[] {
  const injector = new FaultInjector(seed, FaultConfigSchema.parse(config), () => 1_000_000);
  return Array.from({ length: count }, () => injector.decide(credential));
}

describe('FaultInjector', () => {
  const mixed = { errorRate: 0.2, timeoutRate: 0.05, resetRate: 0.05, latencyMs: 5, jitterMs: 20 };

  it('draws the same faults, delays included, from the same seed', () => {
    const a = run(99, mixed, 300);
    const b = run(99, mixed, 300);
    expect(b).toEqual(a);
    expect(kinds(run(100, mixed, 300))).not.toEqual(kinds(a));
    expect(new Set(kinds(a))).toEqual(
      new Set(['pass', 'serverError:500', 'serverError:502', 'serverError:503', 'timeout', 'reset']),
    );
    expect(a.every((d) => d.delayMs >= 5 && d.delayMs <= 25)).toBe(true);
  });

  it('injects faults in the configured proportions', () => {
    const decisions = run(7, { errorRate: 0.3, resetRate: 0.1, errorStatuses: [503] }, 5000);
    const share = (kind: string): number =>
      kinds(decisions).filter((k) => k === kind).length / decisions.length;
    expect(share('serverError:503')).toBeGreaterThan(0.27);
    expect(share('serverError:503')).toBeLessThan(0.33);
    expect(share('reset')).toBeGreaterThan(0.08);
    expect(share('reset')).toBeLessThan(0.12);
    expect(share('timeout')).toBe(0);
  });

  it('a new configuration restarts the sequence, so runs after it are reproducible on their own', () => {
    const injector = new FaultInjector(5, FaultConfigSchema.parse(mixed), () => 0);
    const first = Array.from({ length: 50 }, () => injector.decide('x'));
    injector.configure(mixed);
    const second = Array.from({ length: 50 }, () => injector.decide('x'));
    expect(second).toEqual(first);
    expect(injector.faultCounts().serverError).toBe(
      kinds([...first, ...second]).filter((k) => k.startsWith('serverError')).length,
    );
  });

  it('limits each credential separately within its window and reports the quota', () => {
    let now = 10_000_000;
    const injector = new FaultInjector(
      1,
      FaultConfigSchema.parse({ rateLimit: { requests: 3, windowSeconds: 60 } }),
      () => now,
    );
    const a = Array.from({ length: 5 }, () => injector.decide('alice'));
    expect(kinds(a)).toEqual(['pass', 'pass', 'pass', 'rateLimited', 'rateLimited']);
    expect(a.map((d) => [d.rate.used, d.rate.remaining, d.rate.limit])).toEqual([
      [1, 2, 3],
      [2, 1, 3],
      [3, 0, 3],
      [4, 0, 3],
      [5, 0, 3],
    ]);
    const limited = a[3];
    expect(limited?.kind === 'rateLimited' ? limited.retryAfterSeconds : 0).toBe(60);
    expect(injector.decide('bob').kind).toBe('pass');
    now += 30_000;
    const later = injector.decide('alice');
    expect(later.kind === 'rateLimited' ? later.retryAfterSeconds : 0).toBe(30);
    now += 30_000;
    expect(injector.decide('alice')).toMatchObject({ kind: 'pass', rate: { used: 1, remaining: 2 } });
  });

  it('reports a nominal quota without refusing anything when no limit is set', () => {
    const decisions = run(3, {}, 6000);
    expect(decisions.every((d) => d.kind === 'pass')).toBe(true);
    expect(decisions[0]?.rate).toEqual({ limit: 5000, used: 1, remaining: 4999, resetAt: 1000 + 3600 });
    expect(decisions[5999]?.rate.remaining).toBe(0);
  });

  it('validates configurations, reporting every problem', () => {
    const parsed = FaultConfigSchema.safeParse({
      errorRate: 0.8,
      resetRate: 0.5,
      latencyMs: -1,
      errorStatuses: [404],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'errorStatuses.0',
      'latencyMs',
    ]);
    const sum = FaultConfigSchema.safeParse({ errorRate: 0.8, resetRate: 0.5 });
    expect(sum.error?.issues.map((i) => i.message)).toEqual([
      'errorRate + timeoutRate + resetRate must not exceed 1',
    ]);
    expect(FaultConfigSchema.safeParse({ unknown: 1 }).success).toBe(false);
  });
});

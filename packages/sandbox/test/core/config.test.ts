import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.ts';
import { SandboxConfigSchema } from '../../src/config.ts';

describe('SandboxConfigSchema', () => {
  it('fills defaults: loopback, seed 42, the documented ports, no faults', () => {
    const config = SandboxConfigSchema.parse({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.seed).toBe(42);
    expect([config.jira.port, config.github.port, config.asana.port, config.linear.port]).toEqual([
      8070, 8071, 8072, 8073,
    ]);
    expect(config.jira).toEqual({
      enabled: true,
      port: 8070,
      size: 2000,
      extraCredentials: [],
      faults: {
        latencyMs: 0,
        jitterMs: 0,
        rateLimit: null,
        errorRate: 0,
        errorStatuses: [500, 502, 503],
        timeoutRate: 0,
        timeoutMs: 30_000,
        resetRate: 0,
      },
    });
  });

  it('keeps what is given and refuses unknown members', () => {
    const config = SandboxConfigSchema.parse({
      seed: 7,
      now: '2026-01-31T10:00:00+01:00',
      jira: { size: 200_000, faults: { errorRate: 0.1 } },
    });
    expect(config.jira.size).toBe(200_000);
    expect(config.jira.faults.errorRate).toBe(0.1);
    expect(config.now).toBe('2026-01-31T10:00:00+01:00');
    expect(SandboxConfigSchema.safeParse({ jira: { sise: 3 } }).success).toBe(false);
    expect(SandboxConfigSchema.safeParse({ jira: { size: 200_001 } }).success).toBe(false);
  });
});

describe('the sandbox clock', () => {
  it('stands at its anchor until started, then never goes backwards', () => {
    const clock = createClock(Date.parse('2026-06-01T00:00:00Z'));
    expect(clock.nowMs()).toBe(Date.parse('2026-06-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-06-01T00:00:00.000Z');
    clock.start();
    const a = clock.nowMs();
    const b = clock.nowMs();
    expect(a).toBeGreaterThanOrEqual(Date.parse('2026-06-01T00:00:00Z'));
    expect(b).toBeGreaterThanOrEqual(a);
  });
});

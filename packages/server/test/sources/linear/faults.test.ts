import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import { fetchAll, OAUTH_TOKEN, startLinear, teamIssues, type LinearHarness } from './linear-harness.ts';

let h: LinearHarness;
let truth: Map<string, string[]>;
const TEAMS = ['ENG', 'OPS', 'DES'];

beforeAll(async () => {
  h = await startLinear(90);
  truth = new Map();
  for (const key of TEAMS) truth.set(key, (await teamIssues(h, key)).map((i) => i.identifier).sort());
});
afterEach(async () => {
  await h.faults({});
  await fetch(`${h.url}/_sandbox/reset-counters`, { method: 'POST' });
});
afterAll(async () => {
  await h.close();
});

async function fetchKeys(adapter: ReturnType<LinearHarness['adapter']>): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const key of TEAMS) {
    const pages = await fetchAll(adapter, key, { pageSize: 10 });
    found.set(key, pages.flatMap((p) => p.items.map((i) => i.key)).sort());
  }
  return found;
}

describe('Linear under upstream faults', () => {
  it('waits out RATELIMITED answers until Linear’s reset and still reads everything', async () => {
    await h.faults({ rateLimit: { requests: 4, windowSeconds: 1 } });
    const found = await fetchKeys(h.adapter());
    expect(found).toEqual(truth);
    expect((await h.stats()).faults.rateLimited).toBeGreaterThan(0);
  });

  it('retries 5xx answers and dropped connections of queries and still reads everything', async () => {
    // A fake of its own: its fault draws then follow only this test's requests, so the run is repeatable.
    const own = await startLinear(90);
    try {
      const ownTruth = new Map<string, string[]>();
      for (const key of TEAMS)
        ownTruth.set(key, (await teamIssues(own, key)).map((i) => i.identifier).sort());
      await own.faults({ errorRate: 0.2, resetRate: 0.1 });
      const found = await fetchKeys(own.adapter());
      expect(found).toEqual(ownTruth);
      const faults = (await own.stats()).faults;
      expect(faults.serverError).toBeGreaterThan(0);
      expect(faults.reset).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });

  it('answers rate_limited with retryAfter when Linear’s reset is beyond maxWaitSeconds', async () => {
    await h.faults({ rateLimit: { requests: 1, windowSeconds: 3600 } });
    const adapter = h.adapter({ type: 'oauth', access_token: OAUTH_TOKEN }, { maxWaitSeconds: 5 });
    await adapter.testConnection();
    const error: unknown = await adapter.testConnection().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const { code, retryAfter, details } = error as AppError;
    expect({ code, details }).toEqual({ code: 'rate_limited', details: { upstream_status: 400 } });
    expect(retryAfter).toBeGreaterThan(3590);
    expect(retryAfter).toBeLessThanOrEqual(3601);
  });

  it('does not repeat a mutation after a 5xx (it may have happened), but repeats queries', async () => {
    await h.faults({ errorRate: 1, errorStatuses: [503] });
    const adapter = h.adapter();
    const comment: unknown = await adapter.addComment!('ENG-1', 'once').catch((e: unknown) => e);
    expect((comment as AppError).code).toBe('upstream_5xx');
    expect((await h.stats()).faults.serverError).toBe(1);
    const query: unknown = await adapter.getItem('ENG-1').catch((e: unknown) => e);
    expect((query as AppError).code).toBe('upstream_5xx');
    expect((query as AppError).message).toBe(
      'linear answered 503: Internal server error (An unexpected error occurred. Please try again.)',
    );
    expect((await h.stats()).faults.serverError).toBe(1 + 5);
  });
});

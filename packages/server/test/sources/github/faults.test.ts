import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import type { SourceItem } from '../../../src/sources/source-item.ts';
import { startLimitingProxy } from './limiting-proxy.ts';
import { call, fetchAll, githubAdapter, listAll, startGithubFake, type GithubFake } from './helpers.ts';

/** Upstream failures injected through the fake's /_sandbox/faults: retried, waited for, or reported. */

let fake: GithubFake;
let repo: string;
let baseline: SourceItem[];

interface FaultCounts {
  rateLimited: number;
  serverError: number;
  timeout: number;
  reset: number;
}

async function setFaults(faults: Record<string, unknown>): Promise<void> {
  const answer = await call(fake.url, 'PUT', '/_sandbox/faults', faults);
  if (answer.status !== 200) throw new Error(`faults refused: ${JSON.stringify(answer.body)}`);
}

async function faultCounts(): Promise<FaultCounts> {
  return (await call<{ faults: FaultCounts }>(fake.url, 'GET', '/_sandbox/stats')).body.faults;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  fake = await startGithubFake(100);
  repo = (await listAll<{ full_name: string }>(fake.url, '/user/repos?per_page=100'))[0]?.full_name ?? '';
  const handle = githubAdapter(fake.url);
  try {
    baseline = (await fetchAll(handle.adapter, repo, 20)).items;
  } finally {
    await handle.close();
  }
});
afterAll(() => fake.close());

describe('github upstream faults', () => {
  it('5xx answers, connection resets and timeouts are retried; the read is still complete', async () => {
    await setFaults({ errorRate: 0.1, resetRate: 0.03, timeoutRate: 0.03, timeoutMs: 2000 });
    const handle = githubAdapter(fake.url, { timeoutMs: 400 });
    try {
      const { items } = await fetchAll(handle.adapter, repo, 20);
      expect(items).toEqual(baseline);
      const counts = await faultCounts();
      expect(counts.serverError).toBeGreaterThan(0);
      expect(counts.reset + counts.timeout).toBeGreaterThan(0);
      const metrics = await handle.registry.getSingleMetricAsString('upstream_requests_total');
      expect(metrics).toMatch(/status="50[023]"/);
    } finally {
      await setFaults({});
      await handle.close();
    }
  });

  it("GitHub's 403 rate limit is waited out until its reset, and the read is still complete", async () => {
    await setFaults({ rateLimit: { requests: 25, windowSeconds: 2 } });
    const handle = githubAdapter(fake.url);
    try {
      const { items } = await fetchAll(handle.adapter, repo, 20);
      expect(items).toEqual(baseline);
      expect((await faultCounts()).rateLimited).toBeGreaterThan(0);
      const limited = await handle.registry.getSingleMetricAsString('upstream_rate_limited_total');
      expect(limited).toMatch(/upstream_rate_limited_total\{source="github"\} [1-9]/);
    } finally {
      await setFaults({});
      await handle.close();
    }
  });

  it('secondary rate limits (429, and 403 with retry-after) are waited out; the read is still complete', async () => {
    const proxy = await startLimitingProxy(fake.url, 9, 1);
    const handle = githubAdapter(proxy.url);
    try {
      const { items } = await fetchAll(handle.adapter, repo, 20);
      expect(items.map((i) => ({ ...i, raw: null }))).toEqual(baseline.map((i) => ({ ...i, raw: null })));
      // At least one of each kind: the proxy alternates 429 and 403.
      expect(proxy.limited).toBeGreaterThanOrEqual(2);
    } finally {
      await handle.close();
      await proxy.close();
    }
  });

  it('a secondary limit asking for a longer wait than maxWaitSeconds becomes rate_limited', async () => {
    const proxy = await startLimitingProxy(fake.url, 1, 900);
    const handle = githubAdapter(proxy.url, { maxWaitSeconds: 5 });
    try {
      const error = await failure(handle.adapter.testConnection());
      expect([error.code, error.retryAfter, error.details]).toEqual([
        'rate_limited',
        900,
        { upstream_status: 429 },
      ]);
    } finally {
      await handle.close();
      await proxy.close();
    }
  });

  it('a rate limit that resets later than maxWaitSeconds becomes rate_limited with retryAfter', async () => {
    await setFaults({ rateLimit: { requests: 1, windowSeconds: 3600 } });
    const handle = githubAdapter(fake.url, { maxWaitSeconds: 5 });
    try {
      await handle.adapter.testConnection();
      const error = await failure(handle.adapter.getItem(`${repo}#1`));
      expect([error.code, error.message, error.details]).toEqual([
        'rate_limited',
        'GitHub is rate limiting this instance',
        { upstream_status: 403 },
      ]);
      expect(error.retryAfter).toBeGreaterThan(3500);
      // The fake's clock runs up to a second ahead of ours (see startGithubFake).
      expect(error.retryAfter).toBeLessThanOrEqual(3602);
    } finally {
      await setFaults({});
      await handle.close();
    }
  });

  it("the instance's shared budget paces requests, and refuses when its refill is too far off", async () => {
    const paced = githubAdapter(fake.url, { budget: { capacity: 5, refillPerSecond: 40 } });
    try {
      expect((await fetchAll(paced.adapter, repo, 20)).items).toEqual(baseline);
    } finally {
      await paced.close();
    }
    const spent = githubAdapter(fake.url, {
      budget: { capacity: 2, refillPerSecond: 0.01 },
      maxWaitSeconds: 5,
    });
    try {
      await spent.adapter.testConnection();
      await spent.adapter.testConnection();
      const error = await failure(spent.adapter.testConnection());
      expect([error.code, error.retryAfter]).toEqual(['rate_limited', 100]);
    } finally {
      await spent.close();
    }
  });
});

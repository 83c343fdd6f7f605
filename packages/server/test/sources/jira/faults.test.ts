import { describe, expect, it } from 'vitest';
import { fetchAll, jiraAdapter, projectKeys, withJiraFake } from './jira-fixture.ts';

describe('jira upstream faults', () => {
  it('retries injected 5xx answers, and the fetch is still complete', async () => {
    await withJiraFake(600, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const expected = await projectKeys(fake, 'WEB');
        // 503s carry the fake's Retry-After of 5 s, which the client honours; 500 and 502 keep the test quick.
        await fake.faults({ errorRate: 0.35, errorStatuses: [500, 502] });
        const { items } = await fetchAll(adapter, 'WEB', { pageSize: 20 });
        await fake.faults({});
        expect(items.map((i) => i.key).sort()).toEqual([...expected].sort());
        expect((await fake.stats()).faults.serverError).toBeGreaterThan(0);
        const requests = await adapter.metrics.getSingleMetric('upstream_requests_total')?.get();
        const failed = requests?.values.filter((v) => /^5\d\d$/.test(String(v.labels.status)));
        expect(failed?.length).toBeGreaterThan(0);
      } finally {
        await adapter.close();
      }
    });
  });

  it('retries idempotent requests after connection resets, and the fetch is still complete', async () => {
    await withJiraFake(600, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const expected = await projectKeys(fake, 'WEB');
        await fake.faults({ resetRate: 0.35 });
        const { items } = await fetchAll(adapter, 'WEB', { pageSize: 20 });
        await fake.faults({});
        expect(items.map((i) => i.key).sort()).toEqual([...expected].sort());
        expect((await fake.stats()).faults.reset).toBeGreaterThan(0);
      } finally {
        await adapter.close();
      }
    });
  });

  it('waits out 429s with Retry-After, and the fetch is still complete', async () => {
    await withJiraFake(300, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const expected = await projectKeys(fake, 'WEB');
        await fake.faults({ rateLimit: { requests: 4, windowSeconds: 1 } });
        const { items } = await fetchAll(adapter, 'WEB', { pageSize: 30 });
        await fake.faults({});
        expect(items.map((i) => i.key).sort()).toEqual([...expected].sort());
        expect((await fake.stats()).faults.rateLimited).toBeGreaterThan(0);
      } finally {
        await adapter.close();
      }
    });
  });

  it('answers rate_limited with retryAfter when Jira asks for a longer wait than allowed', async () => {
    await withJiraFake(60, async (fake) => {
      const adapter = jiraAdapter(fake, { maxWaitSeconds: 5 });
      try {
        await fake.faults({ rateLimit: { requests: 1, windowSeconds: 3600 } });
        await adapter.testConnection();
        const error = await adapter.fetchItems({ projectKey: 'DATA', pageSize: 10 }).catch((e: unknown) => e);
        expect(error).toMatchObject({
          code: 'rate_limited',
          message: 'jira is rate limiting this instance',
          details: { upstream_status: 429 },
        });
        const retryAfter = (error as { retryAfter: number }).retryAfter;
        expect(retryAfter).toBeGreaterThan(3500);
        expect(retryAfter).toBeLessThanOrEqual(3600);
      } finally {
        await adapter.close();
      }
    });
  });
});

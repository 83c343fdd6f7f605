import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failure, fetchAll, startAsanaHarness, type AsanaHarness } from './asana-harness.ts';

/** Upstream failures injected by the fake: retried to a complete result, or reported with their wait. */

interface Stats {
  faults: { rateLimited: number; serverError: number };
}

let h: AsanaHarness;
let project = '';
let expected: string[] = [];

beforeAll(async () => {
  h = await startAsanaHarness(150);
  project = (await h.adapter().listProjects())[0]?.key ?? '';
  expected = (await h.fakeAll<{ gid: string }>(`/tasks?project=${project}`)).map((t) => t.gid);
});
afterEach(async () => {
  await h.admin('PUT', '/faults', {});
  await h.admin('POST', '/reset-counters');
});
afterAll(async () => {
  await h.close();
});

describe('asana upstream faults', () => {
  it('retries 500, 502 and 503 answers and still reads every task', async () => {
    await h.admin('PUT', '/faults', { errorRate: 0.1 });
    const { items } = await fetchAll(h.adapter(), project, { pageSize: 40 });
    expect(items.map((i) => i.key)).toEqual(expected);
    expect((await h.admin<Stats>('GET', '/stats')).faults.serverError).toBeGreaterThan(0);
  });

  it('waits out 429s with Retry-After and still reads every task', async () => {
    await h.admin('PUT', '/faults', { rateLimit: { requests: 25, windowSeconds: 1 } });
    const { items } = await fetchAll(h.adapter(), project, { pageSize: 30 });
    expect(items.map((i) => i.key)).toEqual(expected);
    expect((await h.admin<Stats>('GET', '/stats')).faults.rateLimited).toBeGreaterThan(0);
  });

  it('answers rate_limited with the wait when Asana asks for longer than the adapter may wait', async () => {
    await h.admin('PUT', '/faults', { rateLimit: { requests: 1, windowSeconds: 3600 } });
    const adapter = h.adapter({ maxWaitSeconds: 5 });
    await adapter.testConnection();
    const error = await failure(adapter.testConnection());
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe('asana is rate limiting this instance');
    expect(error.retryAfter).toBeGreaterThan(3500);
    expect(error.retryAfter).toBeLessThanOrEqual(3600);
  });
});

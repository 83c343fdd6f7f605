import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxError } from '../../src/core/errors.ts';
import { startSandboxWith } from '../../src/core/sandbox.ts';
import { createJiraService } from '../../src/jira/index.ts';
import { DEFAULT_AUTH, q, startJira, type JiraFixture } from '../jira/harness.ts';

const SEARCH = `/rest/api/3/search/jql?jql=${q('project = PAY')}&maxResults=1`;

async function statuses(f: JiraFixture, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await f.request('GET', SEARCH)).status);
  return out;
}

describe('start-up', () => {
  it('reports every configuration problem at once', async () => {
    const error = await startSandboxWith(
      { seed: -1, jira: { port: 70_000, size: 300_000, faults: { errorRate: 2 } }, nope: true } as never,
      { jira: createJiraService },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).code).toBe('invalid_config');
    const message = (error as SandboxError).message;
    for (const path of ['seed', 'jira.port', 'jira.size', 'jira.faults.errorRate', '(root)'])
      expect(message).toContain(`${path}:`);
  });

  it('fails with listen_failed when a port is taken, and leaves nothing open', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const error = await startSandboxWith({ jira: { port, size: 10 } }, { jira: createJiraService }).catch(
      (e: unknown) => e,
    );
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).code).toBe('listen_failed');
  });

  it('runs only enabled services that have a factory, on loopback', async () => {
    const sandbox = await startSandboxWith(
      { jira: { port: 0, size: 10 }, github: { port: 0 } },
      { jira: createJiraService },
    );
    try {
      expect(Object.keys(sandbox.urls)).toEqual(['jira']);
      expect(sandbox.urls.jira).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.config.github.enabled).toBe(true);
    } finally {
      await sandbox.close();
    }
  });
});

describe('faults over HTTP', () => {
  let f: JiraFixture;
  beforeAll(async () => {
    f = await startJira({ seed: 21, jira: { size: 200 } });
  });
  afterAll(async () => {
    await f.sandbox.close();
  });

  it('are changed at run time through /_sandbox/faults, validated', async () => {
    expect((await f.request('GET', '/_sandbox/faults')).body).toMatchObject({
      errorRate: 0,
      rateLimit: null,
    });
    const bad = await f.request('PUT', '/_sandbox/faults', { body: { errorRate: 3, latencyMs: 'slow' } });
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
      'errorRate',
      'latencyMs',
    ]);

    const set = await f.request('PUT', '/_sandbox/faults', { body: { errorRate: 1, errorStatuses: [503] } });
    expect(set.body).toMatchObject({ errorRate: 1, errorStatuses: [503] });
    const failed = await f.request('GET', SEARCH);
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('5');
    expect(failed.body).toEqual({ errorMessages: ['Service Unavailable'], errors: {} });
    // The admin API itself never fails.
    expect((await f.request('GET', '/_sandbox/stats')).status).toBe(200);
    await f.request('PUT', '/_sandbox/faults', { body: {} });
    expect((await f.request('GET', SEARCH)).status).toBe(200);
  });

  it('repeat the same sequence for the same seed', async () => {
    const other = await startJira({ seed: 21, jira: { size: 200 } });
    const third = await startJira({ seed: 22, jira: { size: 200 } });
    try {
      const config = { errorRate: 0.4, errorStatuses: [500, 502] };
      const runs: number[][] = [];
      for (const fixture of [f, other, third]) {
        await fixture.request('PUT', '/_sandbox/faults', { body: config });
        runs.push(await statuses(fixture, 40));
        await fixture.request('PUT', '/_sandbox/faults', { body: {} });
      }
      expect(runs[1]).toEqual(runs[0]);
      expect(runs[2]).not.toEqual(runs[0]);
      expect(new Set(runs[0])).toEqual(new Set([200, 500, 502]));
    } finally {
      await other.sandbox.close();
      await third.sandbox.close();
    }
  });

  it('rate-limit each credential with Retry-After and Jira quota headers', async () => {
    await f.request('PUT', '/_sandbox/faults', { body: { rateLimit: { requests: 2, windowSeconds: 30 } } });
    const replies = [
      await f.request('GET', SEARCH),
      await f.request('GET', SEARCH),
      await f.request('GET', SEARCH),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 429]);
    const limited = replies[2];
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited?.headers['retry-after'])).toBeLessThanOrEqual(30);
    expect(limited?.headers['x-ratelimit-limit']).toBe('2');
    expect(limited?.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited?.headers['x-ratelimit-reset']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    expect(limited?.body).toEqual({ errorMessages: ['Rate limit exceeded.'], errors: {} });
    // Another credential has its own window.
    expect((await f.request('GET', SEARCH, { auth: 'Bearer someone-else' })).status).toBe(401);
    await f.request('PUT', '/_sandbox/faults', { body: {} });
  });

  it('reset connections and drop held requests without an answer', async () => {
    await f.request('PUT', '/_sandbox/faults', { body: { resetRate: 1 } });
    await expect(fetch(`${f.url}${SEARCH}`, { headers: { authorization: DEFAULT_AUTH } })).rejects.toThrow();
    await f.request('PUT', '/_sandbox/faults', { body: { timeoutRate: 1, timeoutMs: 20 } });
    await expect(fetch(`${f.url}${SEARCH}`, { headers: { authorization: DEFAULT_AUTH } })).rejects.toThrow();
    // A client that gives up first ends the hold too.
    await f.request('PUT', '/_sandbox/faults', { body: { timeoutRate: 1, timeoutMs: 600_000 } });
    const abort = new AbortController();
    const pending = fetch(`${f.url}${SEARCH}`, {
      headers: { authorization: DEFAULT_AUTH },
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 20);
    await expect(pending).rejects.toThrow();
    await f.request('PUT', '/_sandbox/faults', { body: { latencyMs: 1 } });
    expect((await f.request('GET', SEARCH)).status).toBe(200);
    const stats = (await f.request('GET', '/_sandbox/stats')).body as { faults: Record<string, number> };
    expect(stats.faults.reset).toBeGreaterThanOrEqual(1);
    expect(stats.faults.timeout).toBeGreaterThanOrEqual(2);
    expect(stats.faults.latency).toBeGreaterThanOrEqual(1);
    await f.request('PUT', '/_sandbox/faults', { body: {} });
  });

  it('closing the sandbox ends requests it holds', async () => {
    const held = await startJira({
      seed: 1,
      jira: { size: 50, faults: { timeoutRate: 1, timeoutMs: 600_000 } },
    });
    const pending = fetch(`${held.url}${SEARCH}`, { headers: { authorization: DEFAULT_AUTH } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await held.sandbox.close();
    await expect(pending).rejects.toThrow();
  });
});

describe('admin API', () => {
  let f: JiraFixture;
  beforeAll(async () => {
    f = await startJira({ seed: 8, jira: { size: 500 } });
  });
  afterAll(async () => {
    await f.sandbox.close();
  });

  it('counts requests by route and status, and resets counters', async () => {
    await f.request('POST', '/_sandbox/reset-counters');
    await f.request('GET', '/rest/api/3/issue/PAY-1');
    await f.request('GET', '/rest/api/3/issue/PAY-999999');
    await f.request('GET', '/rest/api/3/myself', { auth: null });
    const stats = (await f.request('GET', '/_sandbox/jira/stats')).body as {
      service: string;
      requests: unknown;
      data: { issues: number };
    };
    expect(stats.service).toBe('jira');
    expect(stats.data.issues).toBe(500);
    expect(stats.requests).toEqual({
      total: 3,
      byRoute: {
        'GET /rest/api/3/issue/:issueIdOrKey': { 200: 1, 404: 1 },
        'GET /rest/api/3/myself': { 401: 1 },
      },
    });
    expect((await f.request('POST', '/_sandbox/reset-counters')).status).toBe(204);
    expect(((await f.request('GET', '/_sandbox/stats')).body as { requests: unknown }).requests).toEqual({
      total: 0,
      byRoute: {},
    });
  });

  it('mutate changes `updated`, and an `updated >=` query finds the changed issues', async () => {
    expect(
      (await f.request('POST', '/_sandbox/mutate', { body: { action: 'explode', count: 1 } })).status,
    ).toBe(400);
    expect(
      (await f.request('POST', '/_sandbox/mutate', { body: { action: 'touch', count: 0 } })).status,
    ).toBe(400);
    const touched = (await f.request('POST', '/_sandbox/mutate', { body: { action: 'touch', count: 4 } }))
      .body as { changed: string[] };
    expect(touched.changed.length).toBe(4);
    const recent = (
      await f.request(
        'GET',
        `/rest/api/3/search/jql?jql=${q('updated >= -1m ORDER BY updated ASC')}&fields=updated&maxResults=100`,
      )
    ).body as { issues: { key: string }[] };
    expect(recent.issues.map((i) => i.key)).toEqual(expect.arrayContaining(touched.changed));

    const created = (await f.request('POST', '/_sandbox/mutate', { body: { action: 'create', count: 2 } }))
      .body as { changed: string[] };
    expect(created.changed.map((k) => /^[A-Z]+-\d+$/.test(k))).toEqual([true, true]);
    const deleted = (await f.request('POST', '/_sandbox/mutate', { body: { action: 'delete', count: 1 } }))
      .body as { changed: string[] };
    expect((await f.request('GET', `/rest/api/3/issue/${deleted.changed[0] ?? ''}`)).status).toBe(404);
    const stats = (await f.request('GET', '/_sandbox/stats')).body as {
      data: { issues: number; deletedIssues: number };
    };
    expect(stats.data.issues + stats.data.deletedIssues).toBe(502);
  });
});

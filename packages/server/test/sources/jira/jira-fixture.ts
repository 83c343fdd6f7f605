import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import {
  createJiraService,
  startSandbox,
  type FaultConfigInput,
  type Sandbox,
} from '@digital-spiral/sandbox';
import { createKvServices } from '../../../src/kv/kv-services.ts';
import type { SourceAdapter } from '../../../src/sources/source-adapter.ts';
import type { SourceItem } from '../../../src/sources/source-item.ts';
import { jiraModule } from '../../../src/sources/jira/jira-module.ts';
import { upstreamMetrics } from '../../../src/sources/upstream/upstream-metrics.ts';

export const JIRA_EMAIL = 'demo@example.com';
export const JIRA_TOKEN = 'sandbox-jira-token';
export const OAUTH_TOKEN = 'oauth-access-token-7f3a9c';
export const BASIC = { type: 'basic', email: JIRA_EMAIL, api_token: JIRA_TOKEN } as const;

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

/** A running Jira fake on a loopback port and direct HTTP to it (the oracle the adapter is compared with). */
export interface JiraFake {
  sandbox: Sandbox;
  url: string;
  /** Calls the fake's REST API as the default account. */
  rest<T = unknown>(method: string, path: string, body?: unknown): Promise<Reply<T>>;
  faults(config: FaultConfigInput): Promise<void>;
  mutate(action: 'touch' | 'create' | 'delete', count: number): Promise<string[]>;
  stats(): Promise<{ data: Record<string, number>; faults: Record<string, number> }>;
}

async function call<T>(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply<T>> {
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

/** Starts a Jira fake with `size` issues over six projects, its clock pinned so the data repeats. */
export async function startJiraFake(size: number): Promise<JiraFake> {
  const sandbox = await startSandbox(
    {
      now: '2026-06-01T10:00:00.000Z',
      jira: { enabled: true, port: 0, size, extraCredentials: [OAUTH_TOKEN] },
      github: { enabled: false },
      asana: { enabled: false },
      linear: { enabled: false },
    },
    { factories: { jira: createJiraService } },
  );
  const url = sandbox.urls.jira ?? '';
  const auth = { authorization: `Basic ${Buffer.from(`${JIRA_EMAIL}:${JIRA_TOKEN}`).toString('base64')}` };
  return {
    sandbox,
    url,
    rest: <T>(method: string, path: string, body?: unknown) => call<T>(`${url}${path}`, method, auth, body),
    async faults(config) {
      const reply = await call(`${url}/_sandbox/faults`, 'PUT', {}, config);
      if (reply.status !== 200) throw new Error(`faults refused: ${JSON.stringify(reply.body)}`);
    },
    async mutate(action, count) {
      const reply = await call<{ changed: string[] }>(
        `${url}/_sandbox/mutate`,
        'POST',
        {},
        { action, count },
      );
      return reply.body.changed;
    },
    stats: async () =>
      (
        await call<{ data: Record<string, number>; faults: Record<string, number> }>(
          `${url}/_sandbox/stats`,
          'GET',
          {},
        )
      ).body,
  };
}

/** Runs `fn` against a fresh fake and closes it, whatever happens. */
export async function withJiraFake<T>(size: number, fn: (fake: JiraFake) => Promise<T>): Promise<T> {
  const fake = await startJiraFake(size);
  try {
    return await fn(fake);
  } finally {
    await fake.sandbox.close();
  }
}

export interface AdapterOptions {
  credentials?: unknown;
  maxWaitSeconds?: number;
  timeoutMs?: number;
}

/** An adapter built by the module, as the app builds it, with its own memory budget and metrics. */
export function jiraAdapter(
  fake: Pick<JiraFake, 'url'>,
  options: AdapterOptions = {},
): SourceAdapter & { metrics: Registry } {
  const kv = createKvServices({ keyPrefix: 'test:' });
  const metrics = new Registry();
  const adapter = jiraModule.createAdapter(
    {
      tenantId: randomUUID(),
      instanceId: randomUUID(),
      source: 'jira',
      baseUrl: new URL(fake.url),
      credentials: options.credentials ?? BASIC,
      policy: { allowLinkLocal: false },
    },
    {
      limiter: kv.rateLimiter,
      budget: { capacity: 10_000, refillPerSecond: 10_000 },
      metrics: upstreamMetrics(metrics),
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: options.maxWaitSeconds }),
    },
  );
  const closeAdapter = adapter.close.bind(adapter);
  return Object.assign(adapter, {
    metrics,
    close: async () => {
      await closeAdapter();
      await kv.close();
    },
  });
}

/** Every page of a project fetch, following cursors to the end. */
export async function fetchAll(
  adapter: SourceAdapter,
  projectKey: string,
  options: { since?: Date; pageSize: number },
): Promise<{ items: SourceItem[]; pages: number; expectedTotal: number | null }> {
  const items: SourceItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let expectedTotal: number | null = null;
  do {
    const page = await adapter.fetchItems({
      projectKey,
      since: options.since,
      cursor,
      pageSize: options.pageSize,
    });
    items.push(...page.items);
    expectedTotal ??= page.expectedTotal;
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor !== undefined);
  return { items, pages, expectedTotal };
}

/** The keys of a project as the fake lists them (id-only search, one page of up to 5000). */
export async function projectKeys(fake: JiraFake, projectKey: string): Promise<string[]> {
  const reply = await fake.rest<{ issues: { key: string }[] }>('POST', '/rest/api/3/search/jql', {
    jql: `project = ${projectKey} ORDER BY key ASC`,
    fields: ['key'],
    maxResults: 5000,
  });
  return reply.body.issues.map((i) => i.key);
}

/** An ISO instant from Jira's `+0200` form, converted independently of the adapter's parser. */
export function isoOf(jiraTimestamp: string): string {
  return new Date(jiraTimestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString();
}

import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { createAsanaService, defaultCredentials, startSandbox, type Sandbox } from '@digital-spiral/sandbox';
import { createKvServices } from '../../../src/kv/kv-services.ts';
import type { AdapterDeps, InstanceConnection } from '../../../src/sources/adapter-factory.ts';
import { asanaModule } from '../../../src/sources/asana/asana-module.ts';
import type { SourceAdapter } from '../../../src/sources/source-adapter.ts';
import type { SourceItem } from '../../../src/sources/source-item.ts';
import { upstreamMetrics } from '../../../src/sources/upstream/upstream-metrics.ts';

/** The Asana fake on a loopback port, adapters pointed at it, and direct reads of the fake as ground truth. */

/** Generated histories end here, so data is the same on every run and later changes are after it. */
export const ANCHOR = '2026-06-15T12:00:00.000Z';
export const TOKEN = defaultCredentials.asana?.values.token ?? '';

export interface AdapterOptions {
  token?: string;
  baseUrl?: string;
  maxWaitSeconds?: number;
}

export interface AsanaHarness {
  sandbox: Sandbox;
  /** The fake's API root, `http://127.0.0.1:<port>/api/1.0`. */
  apiRoot: string;
  adapter(options?: AdapterOptions): SourceAdapter;
  /** A request to the fake as the default user; the parsed body (throws on a non-2xx answer). */
  fake<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Every item of a collection of the fake (`limit=100` pages). */
  fakeAll<T>(path: string): Promise<T[]>;
  admin<T = unknown>(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startAsanaHarness(size: number): Promise<AsanaHarness> {
  const sandbox = await startSandbox(
    {
      now: ANCHOR,
      jira: { enabled: false },
      github: { enabled: false },
      linear: { enabled: false },
      asana: { enabled: true, port: 0, size },
    },
    { factories: { asana: createAsanaService } },
  );
  const origin = sandbox.urls.asana ?? '';
  const apiRoot = `${origin}/api/1.0`;
  const kv = createKvServices({ keyPrefix: `test:${randomUUID()}:` });
  const adapters: SourceAdapter[] = [];
  const request = async <T>(url: string, method: string, body: unknown, auth: boolean): Promise<T> => {
    const res = await fetch(url, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
    return (text === '' ? null : JSON.parse(text)) as T;
  };
  const harness: AsanaHarness = {
    sandbox,
    apiRoot,
    adapter(options = {}) {
      const connection: InstanceConnection = {
        tenantId: randomUUID(),
        instanceId: randomUUID(),
        source: 'asana',
        baseUrl: new URL(options.baseUrl ?? apiRoot),
        credentials: asanaModule.credentialsSchema.parse({ token: options.token ?? TOKEN }),
        policy: { allowLinkLocal: false },
      };
      const deps: AdapterDeps = {
        limiter: kv.rateLimiter,
        budget: { capacity: 100_000, refillPerSecond: 100_000 },
        metrics: upstreamMetrics(new Registry()),
        timeoutMs: 10_000,
        ...(options.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: options.maxWaitSeconds }),
      };
      const adapter = asanaModule.createAdapter(connection, deps);
      adapters.push(adapter);
      return adapter;
    },
    fake: (method, path, body) => request(`${apiRoot}${path}`, method, body, true),
    async fakeAll<T>(path: string) {
      const out: T[] = [];
      let next: string | null = `${path}${path.includes('?') ? '&' : '?'}limit=100`;
      while (next !== null) {
        const page: { data: T[]; next_page: { path: string } | null } = await harness.fake('GET', next);
        out.push(...page.data);
        next = page.next_page?.path ?? null;
      }
      return out;
    },
    admin: (method, path, body) => request(`${origin}/_sandbox${path}`, method, body, false),
    async close() {
      await Promise.allSettled(adapters.map((a) => a.close()));
      await kv.close();
      await sandbox.close();
    },
  };
  return harness;
}

/** Every item of a project through fetchItems, page by page. */
export async function fetchAll(
  adapter: SourceAdapter,
  projectKey: string,
  options: { pageSize?: number; since?: Date } = {},
): Promise<{ items: SourceItem[]; pages: number }> {
  const items: SourceItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await adapter.fetchItems({
      projectKey,
      pageSize: options.pageSize ?? 100,
      since: options.since,
      cursor,
    });
    items.push(...page.items);
    pages++;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { items, pages };
}

/** The AppError (or other failure) a promise rejects with. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code?: string; message: string; retryAfter?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string; retryAfter?: number };
  }
  throw new Error('expected a failure');
}

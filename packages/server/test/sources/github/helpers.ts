import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createGithubService,
  defaultCredentials,
  startSandbox,
  type FaultConfigInput,
  type Sandbox,
} from '@digital-spiral/sandbox';
import { Registry } from 'prom-client';
import { createKvServices, type KvServices } from '../../../src/kv/kv-services.ts';
import type { AdapterDeps } from '../../../src/sources/adapter-factory.ts';
import { githubModule } from '../../../src/sources/github/github-module.ts';
import type { SourceAdapter } from '../../../src/sources/source-adapter.ts';
import type { SourceItem } from '../../../src/sources/source-item.ts';
import { upstreamMetrics } from '../../../src/sources/upstream/upstream-metrics.ts';

/** The GitHub fake on a loopback port and adapters against it, each test closing what it opened. */

export const TOKEN = defaultCredentials.github.values.token ?? '';
export const ORG = 'spiral-labs';

export interface GithubFake {
  sandbox: Sandbox;
  url: string;
  /** The instant generated data ends at: every generated update is before `dataEnd + 1 s`. */
  dataEnd: Date;
  close(): Promise<void>;
}

/**
 * Starts the GitHub fake with `size` items. Its clock is anchored 999 ms into the current second, so the
 * generated data ends in that second and anything written through the API lands in a later one.
 */
export async function startGithubFake(size: number, faults: FaultConfigInput = {}): Promise<GithubFake> {
  const second = Math.floor(Date.now() / 1000) * 1000;
  const sandbox = await startSandbox(
    {
      seed: 7,
      now: new Date(second + 999).toISOString(),
      github: { enabled: true, port: 0, size, faults },
      jira: { enabled: false },
      asana: { enabled: false },
      linear: { enabled: false },
    },
    { factories: { github: createGithubService } },
  );
  const url = sandbox.urls.github;
  if (url === undefined) throw new Error('the GitHub fake did not start');
  return { sandbox, url, dataEnd: new Date(second), close: () => sandbox.close() };
}

export interface AdapterHandle {
  adapter: SourceAdapter;
  kv: KvServices;
  registry: Registry;
  close(): Promise<void>;
}

/** An adapter as the sync engine builds one: a fresh in-memory budget and metrics registry per handle. */
export function githubAdapter(url: string, deps: Partial<AdapterDeps> = {}, token = TOKEN): AdapterHandle {
  const kv = createKvServices({ keyPrefix: 'test:' });
  const registry = new Registry();
  const adapter = githubModule.createAdapter(
    {
      tenantId: '00000000-0000-4000-8000-000000000001',
      instanceId: '00000000-0000-4000-8000-000000000002',
      source: 'github',
      baseUrl: new URL(url),
      credentials: githubModule.credentialsSchema.parse({ token }),
      policy: { allowLinkLocal: false },
    },
    {
      limiter: kv.rateLimiter,
      budget: { capacity: 10_000, refillPerSecond: 10_000 },
      metrics: upstreamMetrics(registry),
      timeoutMs: 5_000,
      maxWaitSeconds: 10,
      ...deps,
    },
  );
  return {
    adapter,
    kv,
    registry,
    close: async () => {
      await adapter.close();
      await kv.close();
    },
  };
}

/** Calls the fake directly (the admin API, or GitHub's API as the test's own source of truth). */
export async function call<T = unknown>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? null : JSON.parse(text)) as T,
  };
}

/** Every element of a GitHub list, following the `link` header as GitHub documents. */
export async function listAll<T>(url: string, path: string): Promise<T[]> {
  const all: T[] = [];
  let next: string | undefined = `${url}${path}`;
  while (next !== undefined) {
    const page: { headers: Headers; body: T[] } = await call<T[]>(url, 'GET', next.slice(url.length));
    all.push(...page.body);
    next = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
  }
  return all;
}

/** Reads pages until the cursor runs out, as the sync engine does. */
export async function fetchAll(
  adapter: SourceAdapter,
  projectKey: string,
  pageSize: number,
  since?: Date,
): Promise<{ items: SourceItem[]; pages: number }> {
  const items: SourceItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await adapter.fetchItems({ projectKey, pageSize, since, cursor });
    items.push(...page.items);
    pages++;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { items, pages };
}

export interface Receiver {
  url: string;
  deliveries: Array<{ headers: Record<string, string | string[] | undefined>; raw: Buffer }>;
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that keeps each delivery's exact bytes, as a real one must to check them. */
export async function startReceiver(): Promise<Receiver> {
  const deliveries: Receiver['deliveries'] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, raw: Buffer.concat(chunks) });
      for (const waiter of waiters.filter((w) => deliveries.length >= w.count)) waiter.resolve();
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/github`,
    deliveries,
    waitFor: (count) =>
      deliveries.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

import { randomUUID } from 'node:crypto';
import {
  startSandbox,
  type FaultConfigInput,
  type MutationCommand,
  type Sandbox,
} from '@digital-spiral/sandbox';
import type { GraphQLSchema } from 'graphql';
import { Registry } from 'prom-client';
// The package index does not export the Linear fake yet; import it from its module until it does.
import { createLinearService, loadLinearSchema } from '../../../../sandbox/src/linear/index.ts';
import { createKvServices, type KvServices } from '../../../src/kv/kv-services.ts';
import type { AdapterDeps } from '../../../src/sources/adapter-factory.ts';
import { linearModule } from '../../../src/sources/linear/linear-module.ts';
import type { SourceAdapter } from '../../../src/sources/source-adapter.ts';
import { upstreamMetrics } from '../../../src/sources/upstream/upstream-metrics.ts';

/** The sandbox's default personal API key. */
export const SANDBOX_KEY = 'sandbox-linear-key';
/** Accepted by the fake in addition (as an OAuth token after `Bearer`, or bare). */
export const OAUTH_TOKEN = 'lin_oauth_test_4c1d2f7a9b';

let schema: GraphQLSchema | undefined;

/** Linear's 1.2 MB schema, built once per test file: read-only input shared by the fakes of that file. */
export function linearSchema(): GraphQLSchema {
  return (schema ??= loadLinearSchema());
}

export interface GqlAnswer {
  status: number;
  // GraphQL answers are JSON of any shape; tests read them as such.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface LinearHarness {
  sandbox: Sandbox;
  url: string;
  /** An adapter on the fake; closed with the harness. */
  adapter(credentials?: unknown, deps?: Partial<AdapterDeps>): SourceAdapter;
  /** A GraphQL request straight to the fake (the ground truth tests compare with). */
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlAnswer>;
  faults(config: FaultConfigInput): Promise<void>;
  mutate(command: MutationCommand): Promise<{ changed: string[] }>;
  /** The fake's own counters (`/_sandbox/stats`). */
  stats(): Promise<{ faults: Record<string, number>; data: Record<string, number> }>;
  close(): Promise<void>;
}

/** A Linear fake of `size` issues on a loopback port, and adapters on it with a memory budget. */
export async function startLinear(size: number, seed = 7): Promise<LinearHarness> {
  const shared = linearSchema();
  const sandbox = await startSandbox(
    {
      seed,
      jira: { enabled: false },
      github: { enabled: false },
      asana: { enabled: false },
      linear: { enabled: true, port: 0, size, extraCredentials: [OAUTH_TOKEN] },
    },
    { factories: { linear: (options) => createLinearService(options, { schema: shared }) } },
  );
  const url = sandbox.urls.linear!;
  const adapters: SourceAdapter[] = [];
  const kvs: KvServices[] = [];
  const admin = async (path: string, method: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${url}/_sandbox/${path}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    sandbox,
    url,
    adapter(credentials = { type: 'api_key', api_key: SANDBOX_KEY }, deps = {}) {
      const kv = createKvServices({ keyPrefix: `linear-test-${randomUUID()}:` });
      kvs.push(kv);
      const adapter = linearModule.createAdapter(
        {
          tenantId: randomUUID(),
          instanceId: randomUUID(),
          source: 'linear',
          baseUrl: new URL(url),
          credentials,
          policy: { allowLinkLocal: false },
        },
        {
          limiter: kv.rateLimiter,
          budget: { capacity: 10_000, refillPerSecond: 10_000 },
          metrics: upstreamMetrics(new Registry()),
          timeoutMs: 10_000,
          ...deps,
        },
      );
      adapters.push(adapter);
      return adapter;
    },
    async gql(query, variables = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: SANDBOX_KEY },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: await res.json() };
    },
    async faults(config) {
      await admin('faults', 'PUT', config);
    },
    mutate: async (command) => (await admin('mutate', 'POST', command)) as { changed: string[] },
    stats: async () =>
      (await admin('stats', 'GET')) as { faults: Record<string, number>; data: Record<string, number> },
    async close() {
      await Promise.all(adapters.map((a) => a.close()));
      await Promise.all(kvs.map((kv) => kv.close()));
      await sandbox.close();
    },
  };
}

export interface TruthIssue {
  id: string;
  identifier: string;
  updatedAt: string;
  team: { key: string };
}

/** Every issue of a team as the fake holds it (archived ones included), read directly. */
export async function teamIssues(h: LinearHarness, key: string): Promise<TruthIssue[]> {
  const all: TruthIssue[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await h.gql(
      `query($key: String!, $after: String) {
        issues(filter: { team: { key: { eq: $key } } }, first: 250, after: $after, includeArchived: true) {
          nodes { id identifier updatedAt team { key } } pageInfo { hasNextPage endCursor }
        }
      }`,
      { key, after },
    );
    all.push(...(res.body.data.issues.nodes as TruthIssue[]));
    if (!res.body.data.issues.pageInfo.hasNextPage) return all;
    after = res.body.data.issues.pageInfo.endCursor as string;
  }
}

/** Pages `fetchItems` to its end, returning every page. */
export async function fetchAll(
  adapter: SourceAdapter,
  projectKey: string,
  options: { since?: Date; pageSize?: number } = {},
): Promise<Awaited<ReturnType<SourceAdapter['fetchItems']>>[]> {
  const pages = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await adapter.fetchItems({
      projectKey,
      since: options.since,
      cursor,
      pageSize: options.pageSize ?? 100,
    });
    pages.push(page);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('fetchItems did not end');
}

import {
  createAsanaService,
  createGithubService,
  createJiraService,
  createLinearService,
  defaultCredentials,
  startSandbox,
  type Sandbox,
  type SandboxConfigInput,
} from '@digital-spiral/sandbox';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { createSyncWorker } from '../../src/runtime/sync-runtime.ts';
import type { SourceType } from '../../src/sources/source-type.ts';
import { buildApiApp } from '../../src/servers/api/api-app.ts';
import type { SyncWorker } from '../../src/sync/sync-worker.ts';
import { createTestContext, type TestContext } from './test-context.ts';
import { bearer, tenantWithToken } from './tenants.ts';

/** Generated histories end here, so the data is the same on every run. */
export const SANDBOX_NOW = '2026-06-15T12:00:00.000Z';

/** How many items each fake holds (from its own stats). */
export function fakeItemCount(sandbox: Sandbox, source: SourceType): number {
  const stats = sandbox.services[source]?.service.stats() ?? {};
  const key = { jira: 'issues', github: 'items', asana: 'tasks', linear: 'issues' }[source];
  return (stats[key] ?? 0) - (source === 'jira' ? (stats.deletedIssues ?? 0) : 0);
}

/** The body that connects an instance of `source` to the sandbox. */
export function instanceBody(sandbox: Sandbox, source: SourceType, name: string): Record<string, unknown> {
  const url = sandbox.urls[source] ?? '';
  const c = defaultCredentials[source].values;
  switch (source) {
    case 'jira':
      return {
        source_type: 'jira',
        name,
        base_url: url,
        credentials: { type: 'basic', email: c.email, api_token: c.apiToken },
      };
    case 'github':
      return { source_type: 'github', name, base_url: url, credentials: { token: c.token } };
    case 'asana':
      return { source_type: 'asana', name, base_url: `${url}/api/1.0`, credentials: { token: c.token } };
    case 'linear':
      return {
        source_type: 'linear',
        name,
        base_url: url,
        credentials: { type: 'api_key', api_key: c.apiKey },
      };
  }
}

export interface SyncHarness {
  t: TestContext;
  sandbox: Sandbox;
  api: FastifyInstance;
  worker: SyncWorker;
  admin: Awaited<ReturnType<typeof tenantWithToken>>;
  close(): Promise<void>;
}

/** A test context, the orchestrator app, a running sync worker and the four fakes. */
export async function startSyncHarness(config: SandboxConfigInput): Promise<SyncHarness> {
  const sandbox = await startSandbox(
    { now: SANDBOX_NOW, ...config },
    {
      factories: {
        jira: createJiraService,
        github: createGithubService,
        asana: createAsanaService,
        linear: createLinearService,
      },
    },
  );
  const t = await createTestContext();
  const api = await buildApiApp(t.ctx);
  const worker = createSyncWorker(t.ctx, { pollMs: 100, heartbeatMs: 1000 });
  worker.start();
  const admin = await tenantWithToken(t.ctx, 'acme', ['admin']);
  return {
    t,
    sandbox,
    api,
    worker,
    admin,
    close: async () => {
      await worker.stop();
      await api.close();
      await t.ctx.close();
      await sandbox.close();
    },
  };
}

/** Creates an instance through the API; returns its id. */
export async function createInstanceVia(
  h: SyncHarness,
  token: string,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await h.api.inject({
    method: 'POST',
    url: '/api/v1/instances',
    headers: bearer(token),
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ instance: { id: string } }>().instance.id;
}

/** Polls a job until it ends; returns its final view. */
export async function waitForJob(
  h: SyncHarness,
  token: string,
  instanceId: string,
  taskId: string,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await h.api.inject({
      url: `/api/v1/instances/${instanceId}/backfill/${taskId}`,
      headers: bearer(token),
    });
    const job = res.json<Record<string, unknown>>();
    if (['completed', 'failed', 'cancelled'].includes(String(job.status))) return job;
    if (Date.now() > deadline) throw new Error(`job ${taskId} still ${String(job.status)}: ${res.body}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Connects an instance of `source` to the sandbox and backfills it to completion. */
export async function connectAndBackfill(
  h: SyncHarness,
  source: SourceType,
  name: string,
): Promise<{ id: string; webhookSecret: string }> {
  const res = await h.api.inject({
    method: 'POST',
    url: '/api/v1/instances',
    headers: bearer(h.admin.token),
    payload: instanceBody(h.sandbox, source, name),
  });
  expect(res.statusCode, res.body).toBe(201);
  const { instance, webhook_secret } = res.json<{ instance: { id: string }; webhook_secret: string }>();
  const started = await h.api.inject({
    method: 'POST',
    url: `/api/v1/instances/${instance.id}/backfill`,
    headers: bearer(h.admin.token),
  });
  expect(
    await waitForJob(h, h.admin.token, instance.id, started.json<{ task_id: string }>().task_id),
  ).toMatchObject({
    status: 'completed',
  });
  return { id: instance.id, webhookSecret: webhook_secret };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultCredentials } from '@digital-spiral/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { bearer } from '../helpers/tenants.ts';
import {
  createInstanceVia,
  fakeItemCount,
  instanceBody,
  startSyncHarness,
  type SyncHarness,
} from '../helpers/sync-harness.ts';

const BIN = fileURLToPath(new URL('../../bin/digital-spiral.js', import.meta.url));

/**
 * 20% of the fake's answers are 5xx, timeouts or resets, and the worker process is killed (SIGKILL) twice
 * in the middle of the backfill: the job still completes with exactly the source's rows and history.
 * Worker processes need a shared PostgreSQL database (the embedded PGlite is single-process).
 */
describe.skipIf(!process.env.DATABASE_URL)('backfill through faults and worker crashes', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness({
      jira: {
        port: 0,
        size: 600,
        faults: { errorRate: 0.12, timeoutRate: 0.04, timeoutMs: 200, resetRate: 0.04 },
      },
      github: { enabled: false },
      asana: { enabled: false },
      linear: { enabled: false },
    });
    await h.worker.stop(); // the work is done by the child processes below
  });
  afterAll(() => h.close());

  function spawnWorker(): ChildProcess {
    return spawn(process.execPath, [BIN, 'worker'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: h.t.database.url ?? '',
        DS_DATA_DIR: '/tmp/ds-worker-test',
        SYNC_LEASE_SECONDS: '2',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        DS_ENCRYPTION_KEY: h.t.keySpec,
      },
      stdio: 'ignore',
    });
  }

  const jobRow = (id: string) =>
    withTenant(h.t.ctx.db.runtime, h.admin.tenantId, async (trx) => {
      const { rows } = await sql<{ status: string; pages: number; attempts: number }>`
        select status, coalesce((counts->>'pages')::int, 0) as pages, attempts from sync_jobs
        where tenant_id = ${h.admin.tenantId}::uuid and id = ${id}::uuid`.execute(trx);
      return rows[0];
    });

  async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await what();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting; last: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('completes with exact rows, no duplicates and complete history', async () => {
    const id = await createInstanceVia(h, h.admin.token, {
      ...instanceBody(h.sandbox, 'jira', 'jira under fire'),
      sync_settings: { page_size: 25 },
    });
    const started = await h.api.inject({
      method: 'POST',
      url: `/api/v1/instances/${id}/backfill`,
      headers: bearer(h.admin.token),
    });
    const task = started.json<{ task_id: string }>().task_id;

    let pagesAtKill = 0;
    for (let crash = 0; crash < 2; crash++) {
      const worker = spawnWorker();
      const progressed = await until(
        () => jobRow(task),
        (j) => (j?.pages ?? 0) >= pagesAtKill + 3,
        90_000,
      );
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      pagesAtKill = progressed?.pages ?? 0;
    }
    const last = spawnWorker();
    const done = await until(
      () => jobRow(task),
      (j) => j?.status === 'completed' || j?.status === 'failed',
      180_000,
    );
    last.kill('SIGTERM');
    await new Promise((r) => last.once('exit', r));
    expect(done?.status).toBe('completed');
    expect(done?.attempts).toBeGreaterThanOrEqual(3);

    const stats = await withTenant(h.t.ctx.db.runtime, h.admin.tenantId, async (trx) => {
      const { rows } = await sql<{
        items: number;
        distinct_ids: number;
        transitions: number;
        distinct_events: number;
      }>`
        select count(*)::int as items, count(distinct source_id)::int as distinct_ids,
          (select count(*)::int from work_item_transitions where tenant_id = ${h.admin.tenantId}::uuid and instance_id = ${id}::uuid) as transitions,
          (select count(distinct (work_item_id, source_event_id))::int from work_item_transitions
             where tenant_id = ${h.admin.tenantId}::uuid and instance_id = ${id}::uuid) as distinct_events
        from work_items where tenant_id = ${h.admin.tenantId}::uuid and instance_id = ${id}::uuid and not is_deleted`.execute(
        trx,
      );
      return rows[0];
    });
    expect(stats?.items).toBe(fakeItemCount(h.sandbox, 'jira'));
    expect(stats?.distinct_ids).toBe(stats?.items);
    expect(stats?.distinct_events).toBe(stats?.transitions);

    // History complete: every status change the fake holds is stored. Read the fake without faults.
    await fetch(`${h.sandbox.urls.jira}/_sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const expectedTransitions = await countFakeStatusChanges(h);
    expect(stats?.transitions).toBe(expectedTransitions);
  });
});

/** Status changes in the fake's changelogs, read straight from its REST API. */
async function countFakeStatusChanges(h: SyncHarness): Promise<number> {
  const base = h.sandbox.urls.jira ?? '';
  const auth = {
    authorization: `Basic ${Buffer.from(`${defaultCredentials.jira.values.email}:${defaultCredentials.jira.values.apiToken}`).toString('base64')}`,
  };
  let total = 0;
  let token: string | undefined;
  for (;;) {
    const res = await fetch(`${base}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        jql: 'created >= "2000-01-01" order by key',
        fields: ['summary'],
        maxResults: 100,
        ...(token ? { nextPageToken: token } : {}),
      }),
    });
    const page = (await res.json()) as {
      issues: Array<{ key: string }>;
      nextPageToken?: string;
      isLast?: boolean;
    };
    if (!Array.isArray(page.issues)) throw new Error(`unexpected search answer: ${JSON.stringify(page)}`);
    for (const issue of page.issues) {
      let startAt = 0;
      for (;;) {
        const log = (await (
          await fetch(`${base}/rest/api/3/issue/${issue.key}/changelog?startAt=${startAt}&maxResults=100`, {
            headers: auth,
          })
        ).json()) as {
          values: Array<{ items: Array<{ field: string }> }>;
          isLast: boolean;
        };
        total += log.values.reduce((n, v) => n + v.items.filter((i) => i.field === 'status').length, 0);
        if (log.isLast || log.values.length === 0) break;
        startAt += log.values.length;
      }
    }
    if (page.isLast !== false || page.nextPageToken === undefined) break;
    token = page.nextPageToken;
  }
  return total;
}

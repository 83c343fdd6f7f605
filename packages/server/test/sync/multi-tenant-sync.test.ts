import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';
import {
  createInstanceVia,
  fakeItemCount,
  instanceBody,
  startSyncHarness,
  waitForJob,
  type SyncHarness,
} from '../helpers/sync-harness.ts';

/** Two Jira instances and a GitHub instance in one tenant, a second tenant with its own: nothing crosses. */
describe('several instances and tenants', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness({
      jira: { port: 0, size: 120 },
      github: { port: 0, size: 80 },
      asana: { enabled: false },
      linear: { enabled: false },
    });
  });
  afterAll(() => h.close());

  it('syncs each instance completely and keeps every row in its tenant', async () => {
    const other = await tenantWithToken(h.t.ctx, 'globex', ['admin']);
    const plan = [
      { token: h.admin.token, tenant: h.admin.tenantId, source: 'jira' as const, name: 'jira one' },
      { token: h.admin.token, tenant: h.admin.tenantId, source: 'jira' as const, name: 'jira two' },
      { token: h.admin.token, tenant: h.admin.tenantId, source: 'github' as const, name: 'github' },
      { token: other.token, tenant: other.tenantId, source: 'jira' as const, name: 'globex jira' },
    ];
    const created = [];
    for (const p of plan) {
      const id = await createInstanceVia(h, p.token, instanceBody(h.sandbox, p.source, p.name));
      const res = await h.api.inject({
        method: 'POST',
        url: `/api/v1/instances/${id}/backfill`,
        headers: bearer(p.token),
      });
      expect(res.statusCode, res.body).toBe(202);
      created.push({ ...p, id, task: res.json<{ task_id: string }>().task_id });
    }
    for (const c of created)
      expect(await waitForJob(h, c.token, c.id, c.task, 120_000)).toMatchObject({ status: 'completed' });

    for (const c of created) {
      const count = await withTenant(h.t.ctx.db.runtime, c.tenant, async (trx) => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from work_items
          where tenant_id = ${c.tenant}::uuid and instance_id = ${c.id}::uuid and not is_deleted`.execute(
          trx,
        );
        return rows[0]?.n;
      });
      expect([c.name, count]).toEqual([c.name, fakeItemCount(h.sandbox, c.source)]);
    }

    // Each tenant sees exactly its own instances' rows; the other tenant's instance ids answer not found.
    const seen = async (tenantId: string) =>
      withTenant(h.t.ctx.db.runtime, tenantId, async (trx) => {
        const { rows } = await sql<{
          instance_id: string;
        }>`select distinct instance_id from work_items`.execute(trx);
        return rows.map((r) => r.instance_id).sort();
      });
    expect(await seen(h.admin.tenantId)).toEqual(
      created
        .filter((c) => c.tenant === h.admin.tenantId)
        .map((c) => c.id)
        .sort(),
    );
    expect(await seen(other.tenantId)).toEqual(
      created.filter((c) => c.tenant === other.tenantId).map((c) => c.id),
    );
    const foreign = created.find((c) => c.tenant === other.tenantId);
    for (const path of [
      `/api/v1/instances/${foreign?.id}`,
      `/api/v1/instances/${foreign?.id}/projects`,
      `/api/v1/instances/${foreign?.id}/backfill/${foreign?.task}`,
    ]) {
      const res = await h.api.inject({ url: path, headers: bearer(h.admin.token) });
      expect([path, res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([
        path,
        404,
        'not_found',
      ]);
    }
    const jobs = await h.api.inject({ url: '/api/v1/jobs', headers: bearer(other.token) });
    expect(jobs.json<{ jobs: Array<{ instance_id: string }> }>().jobs.map((j) => j.instance_id)).toEqual([
      foreign?.id,
    ]);
  });
});

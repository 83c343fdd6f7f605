import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import type { SourceType } from '../../src/sources/source-type.ts';
import { bearer } from '../helpers/tenants.ts';
import {
  createInstanceVia,
  fakeItemCount,
  instanceBody,
  startSyncHarness,
  waitForJob,
  type SyncHarness,
} from '../helpers/sync-harness.ts';

const SOURCES: SourceType[] = ['jira', 'github', 'asana', 'linear'];

/** The plan's flow for every source: add an instance → test → backfill → wait → the items are there. */
describe('backfill end to end, every source', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness({
      jira: { port: 0, size: 150 },
      github: { port: 0, size: 120 },
      asana: { port: 0, size: 120 },
      linear: { port: 0, size: 120 },
    });
  });
  afterAll(() => h.close());

  it.each(SOURCES)(
    '%s: connect, test, backfill, then every item with its history is queryable',
    async (source) => {
      const token = h.admin.token;
      const id = await createInstanceVia(h, token, instanceBody(h.sandbox, source, `${source} sandbox`));
      const test = await h.api.inject({
        method: 'POST',
        url: `/api/v1/instances/${id}/test`,
        headers: bearer(token),
      });
      expect(test.json()).toMatchObject({ connected: true, identity: expect.any(String) });

      const started = await h.api.inject({
        method: 'POST',
        url: `/api/v1/instances/${id}/backfill`,
        headers: bearer(token),
      });
      expect(started.statusCode, started.body).toBe(202);
      const job = await waitForJob(h, token, id, started.json<{ task_id: string }>().task_id);
      expect(job).toMatchObject({ status: 'completed', error: null });

      const counts = await withTenant(h.t.ctx.db.runtime, h.admin.tenantId, async (trx) => {
        const { rows } = await sql<{ items: number; keys: number; transitions: number; statuses: string[] }>`
        select count(*)::int as items, count(distinct source_key)::int as keys,
          (select count(*)::int from work_item_transitions t where t.tenant_id = ${h.admin.tenantId}::uuid and t.instance_id = ${id}::uuid) as transitions,
          array_agg(distinct status order by status) as statuses
        from work_items where tenant_id = ${h.admin.tenantId}::uuid and instance_id = ${id}::uuid and not is_deleted`.execute(
          trx,
        );
        return rows[0];
      });
      const expected = fakeItemCount(h.sandbox, source);
      expect(counts?.items).toBe(expected);
      expect(counts?.keys).toBe(expected);
      expect(counts?.transitions).toBeGreaterThan(expected / 2);
      expect(counts?.statuses.length).toBeGreaterThanOrEqual(2);
      expect(job).toMatchObject({ counts: { items: expect.any(Number) } });

      const projects = await h.api.inject({
        url: `/api/v1/instances/${id}/projects`,
        headers: bearer(token),
      });
      const listed = projects.json<{ projects: Array<{ items: number }> }>().projects;
      expect(listed.reduce((sum, p) => sum + p.items, 0)).toBe(expected);
    },
  );
});

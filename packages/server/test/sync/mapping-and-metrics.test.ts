import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { bearer } from '../helpers/tenants.ts';
import { connectAndBackfill, startSyncHarness, type SyncHarness } from '../helpers/sync-harness.ts';
import type { ItemHistory, Status } from './metrics/history.ts';
import { expectedMetricRows, type MetricRow } from './metrics/oracle.ts';
import { readMetricRows } from './metrics/store.ts';

/** A mapping change re-normalizes stored items and history; the daily metrics then match an oracle. */
describe('mapping changes and daily metrics (Jira)', () => {
  let h: SyncHarness;
  let id: string;
  beforeAll(async () => {
    h = await startSyncHarness({
      jira: { port: 0, size: 150 },
      github: { enabled: false },
      asana: { enabled: false },
      linear: { enabled: false },
    });
    ({ id } = await connectAndBackfill(h, 'jira', 'jira'));
  });
  afterAll(() => h.close());

  const tenant = () => h.admin.tenantId;
  const query = <R>(fn: (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) => Promise<R>) =>
    withTenant(h.t.ctx.db.runtime, tenant(), fn);

  it('re-normalizes items and transitions from their stored originals without calling the source', async () => {
    const before = await query(async (trx) => {
      const { rows } = await sql<{ original_status: string; status: string; n: number }>`
        select original_status, status, count(*)::int as n from work_items
        where tenant_id = ${tenant()}::uuid and instance_id = ${id}::uuid group by 1, 2 order by 1`.execute(
        trx,
      );
      return rows;
    });
    const target = before.find((r) => r.status === 'in_progress');
    expect(target).toBeDefined();
    const name = target?.original_status ?? '';
    const writtenBefore = (h.sandbox.services.jira?.service.stats() as Record<string, number>).writtenIssues;

    const res = await h.api.inject({
      method: 'PATCH',
      url: `/api/v1/instances/${id}`,
      headers: bearer(h.admin.token),
      payload: { mapping: { status: { [name.toUpperCase()]: 'done' } } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ mapping: unknown }>().mapping).toEqual({ status: { [name.toUpperCase()]: 'done' } });

    const after = await query(async (trx) => {
      const items = await sql<{ status: string; n: number }>`select status, count(*)::int as n from work_items
        where tenant_id = ${tenant()}::uuid and instance_id = ${id}::uuid and original_status = ${name} group by 1`.execute(
        trx,
      );
      const transitions = await sql<{
        to_status: string;
        n: number;
      }>`select to_status, count(*)::int as n from work_item_transitions
        where tenant_id = ${tenant()}::uuid and instance_id = ${id}::uuid and to_original = ${name} group by 1`.execute(
        trx,
      );
      return { items: items.rows, transitions: transitions.rows };
    });
    expect(after.items).toEqual([{ status: 'done', n: target?.n }]);
    expect(after.transitions.map((t) => t.to_status)).toEqual(['done']);
    // Other statuses are untouched.
    const others = before.filter((r) => r.original_status !== name);
    const othersAfter = await query(async (trx) => {
      const { rows } = await sql<{ original_status: string; status: string; n: number }>`
        select original_status, status, count(*)::int as n from work_items
        where tenant_id = ${tenant()}::uuid and instance_id = ${id}::uuid and original_status <> ${name} group by 1, 2 order by 1`.execute(
        trx,
      );
      return rows;
    });
    expect(othersAfter).toEqual(others);
    expect((h.sandbox.services.jira?.service.stats() as Record<string, number>).writtenIssues).toBe(
      writtenBefore,
    );
  });

  it('keeps work_item_metrics_daily equal to an independent computation from the stored transitions', async () => {
    const { items, rows } = await query(async (trx) => {
      const stored = await sql<{
        id: string;
        source_key: string;
        project_key: string;
        team: string | null;
        status: Status;
        assignee_account_id: string | null;
        created_at: Date;
        is_deleted: boolean;
      }>`
        select id, source_key, project_key, team, status, assignee_account_id, created_at, is_deleted from work_items
        where tenant_id = ${tenant()}::uuid and instance_id = ${id}::uuid`.execute(trx);
      const transitions = await sql<{
        id: string;
        work_item_id: string;
        from_status: Status | null;
        to_status: Status;
        transitioned_at: Date;
      }>`
        select id, work_item_id, from_status, to_status, transitioned_at from work_item_transitions
        where tenant_id = ${tenant()}::uuid and instance_id = ${id}::uuid`.execute(trx);
      return {
        items: { stored: stored.rows, transitions: transitions.rows },
        rows: await readMetricRows(trx, tenant()),
      };
    });
    const histories: ItemHistory[] = items.stored.map((i) => ({
      id: i.id,
      key: i.source_key,
      projectKey: i.project_key,
      team: i.team,
      status: i.status,
      assignee: i.assignee_account_id,
      createdAt: i.created_at.getTime() * 1000,
      deleted: i.is_deleted,
      transitions: items.transitions
        .filter((t) => t.work_item_id === i.id)
        .map((t) => ({
          id: t.id,
          from: t.from_status,
          to: t.to_status,
          at: t.transitioned_at.getTime() * 1000,
        })),
    }));
    const projects = [...new Set(histories.map((i) => i.projectKey))].sort();
    const first = new Date(Math.min(...histories.map((i) => i.createdAt / 1000))).toISOString().slice(0, 10);
    const to = rows.reduce((max, r) => (r.date > max ? r.date : max), first);
    const expected = expectedMetricRows(histories, { projectKeys: projects, from: first, to });
    const close = (v: number | null) => (v === null ? null : expect.closeTo(v, 6));
    const round = (r: MetricRow) => ({
      ...r,
      lead_time_p50_hours: close(r.lead_time_p50_hours),
      lead_time_p90_hours: close(r.lead_time_p90_hours),
      lead_time_avg_hours: close(r.lead_time_avg_hours),
    });
    expect(rows.length).toBeGreaterThan(100);
    expect(rows).toEqual(expected.map(round));
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { bearer } from '../helpers/tenants.ts';
import {
  connectAndBackfill,
  startSyncHarness,
  waitForJob,
  type SyncHarness,
} from '../helpers/sync-harness.ts';

interface CountRow {
  tenant_id: string;
  instance_id: string;
  project_key: string;
  source: string;
  status: string;
  items: number;
}

const KEY = `tenant_id::text as tenant_id, instance_id::text as instance_id, project_key, source, status`;

/**
 * work_item_counts (migration 0004) is kept by statement-level triggers on work_items: after a real sync,
 * a second sync over the same items (upserts), status changes, soft deletes and undeletes, moves between
 * projects, hard deletes and a re-normalization, it equals a group-by over the live items, in every tenant.
 */
describe('work_item_counts follows work_items', () => {
  let h: SyncHarness;
  let jira: string;
  let github: string;

  beforeAll(async () => {
    h = await startSyncHarness({
      jira: { port: 0, size: 60 },
      github: { port: 0, size: 40 },
      asana: { enabled: false },
      linear: { enabled: false },
    });
    jira = (await connectAndBackfill(h, 'jira', 'jira')).id;
    github = (await connectAndBackfill(h, 'github', 'github')).id;
  });
  afterAll(() => h.close());

  const tenant = () => h.admin.tenantId;
  const asTenant = <R>(fn: Parameters<typeof withTenant<R>>[2]) =>
    withTenant(h.t.ctx.db.runtime, tenant(), fn);
  const owner = <R>(text: string, params: unknown[] = []) =>
    h.t.ctx.db.withOwnerSession((s) => s.query<R>(text, params));

  async function expectCountsExact(): Promise<void> {
    const expected = await owner<CountRow>(
      `select ${KEY}, count(*)::int as items from work_items where not is_deleted
       group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    );
    const actual = await owner<CountRow>(
      `select ${KEY}, items from work_item_counts where items <> 0 order by 1, 2, 3, 4, 5`,
    );
    expect(actual).toEqual(expected);
    expect(expected.length).toBeGreaterThan(3);
    // The sync time of a group never lags behind the newest live item in it.
    const lagging = await owner<CountRow>(
      `select ${KEY} from work_item_counts c
       where c.last_synced_at < (select max(w.synced_at) from work_items w where not w.is_deleted
         and (w.tenant_id, w.instance_id, w.project_key, w.source, w.status)
           = (c.tenant_id, c.instance_id, c.project_key, c.source, c.status))`,
    );
    expect(lagging).toEqual([]);
  }

  it('matches the items after a backfill of two sources', async () => {
    await expectCountsExact();
  });

  it('stays exact when a second backfill upserts the same items', async () => {
    const started = await h.api.inject({
      method: 'POST',
      url: `/api/v1/instances/${jira}/backfill`,
      headers: bearer(h.admin.token),
    });
    expect(started.statusCode, started.body).toBeLessThan(300);
    const task = started.json<{ task_id: string }>().task_id;
    expect(await waitForJob(h, h.admin.token, jira, task)).toMatchObject({ status: 'completed' });
    await expectCountsExact();
  });

  it('stays exact through status changes, soft deletes, undeletes, moves and hard deletes', async () => {
    await asTenant(async (trx) => {
      await sql`update work_items set status = case status when 'open' then 'in_progress' else 'open' end
        where id in (select id from work_items where instance_id = ${jira}::uuid order by id limit 7)`.execute(
        trx,
      );
      await sql`update work_items set is_deleted = true, synced_at = now()
        where id in (select id from work_items where instance_id = ${github}::uuid and not is_deleted
          order by id limit 5)`.execute(trx);
      await sql`update work_items set is_deleted = false
        where id in (select id from work_items where instance_id = ${github}::uuid and is_deleted
          order by id limit 2)`.execute(trx);
      await sql`update work_items set project_key = 'MOVED'
        where id in (select id from work_items where instance_id = ${jira}::uuid order by id desc limit 3)`.execute(
        trx,
      );
      // A statement that changes nothing the counts see, and one that changes nothing at all.
      await sql`update work_items set title = title || '!' where instance_id = ${github}::uuid`.execute(trx);
      await sql`update work_items set title = title where false`.execute(trx);
    });
    await expectCountsExact();
    // An upsert as the sync engine writes it: one conflicting row (an update) and one new row.
    await asTenant(async (trx) => {
      await sql`insert into work_items (tenant_id, instance_id, source, source_id, source_key, project_key, title,
          type, status, created_at, updated_at)
        select tenant_id, instance_id, source, source_id, source_key, project_key, title, type, 'closed', created_at,
          now()
        from (select * from work_items where instance_id = ${jira}::uuid and not is_deleted and status <> 'closed'
          order by id limit 4) w
        union all
        select ${tenant()}::uuid, ${jira}::uuid, 'jira', 'new-1', 'NEW-1', 'NEW', 'new', 'task', 'open', now(), now()
        on conflict (tenant_id, instance_id, source_id) do update set status = excluded.status,
          synced_at = now()`.execute(trx);
    });
    await expectCountsExact();
    await asTenant(async (trx) => {
      await sql`delete from work_item_transitions where work_item_id in (
        select id from work_items where project_key in ('MOVED', 'NEW'))`.execute(trx);
      await sql`delete from work_item_comments where work_item_id in (
        select id from work_items where project_key in ('MOVED', 'NEW'))`.execute(trx);
      await sql`delete from work_item_links where work_item_id in (
        select id from work_items where project_key in ('MOVED', 'NEW'))`.execute(trx);
      await sql`delete from work_items where project_key in ('MOVED', 'NEW')`.execute(trx);
    });
    await expectCountsExact();
    // Groups that reached 0 are gone.
    expect(
      await owner(`select 1 from work_item_counts where project_key in ('MOVED', 'NEW') or items = 0`),
    ).toEqual([]);
  });

  it('stays exact when a mapping change re-normalizes the stored items', async () => {
    const [target] = await owner<{ original_status: string }>(
      `select original_status from work_items where instance_id = $1 and status in ('open', 'in_progress')
       and not is_deleted group by 1 order by count(*) desc limit 1`,
      [jira],
    );
    const name = target?.original_status ?? '';
    expect(name).not.toBe('');
    const res = await h.api.inject({
      method: 'PATCH',
      url: `/api/v1/instances/${jira}`,
      headers: bearer(h.admin.token),
      payload: { mapping: { status: { [name.toUpperCase()]: 'done' } } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const moved = await owner<{ n: number }>(
      `select count(*)::int as n from work_items where instance_id = $1 and original_status = $2 and status = 'done'`,
      [jira, name],
    );
    expect(moved[0]?.n).toBeGreaterThan(0);
    await expectCountsExact();
  });
});

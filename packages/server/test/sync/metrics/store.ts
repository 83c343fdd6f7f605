import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../../src/db/database.ts';
import { withTenant } from '../../../src/db/with-tenant.ts';
import type { TestDatabase } from '../../helpers/databases.ts';
import { isoMicros, type ItemHistory } from './history.ts';
import { sortRows, type MetricRow } from './oracle.ts';

/** A tenant (created by the owner) with one Jira instance (inserted as the runtime role). */
export async function createMetricsTenant(
  db: TestDatabase,
  slug: string,
): Promise<{ tenantId: string; instanceId: string }> {
  const tenant = await db.handle.owner
    .insertInto('tenants')
    .values({ slug, name: slug })
    .returning('id')
    .executeTakeFirstOrThrow();
  const instanceId = randomUUID();
  await withTenant(db.handle.runtime, tenant.id, (trx) =>
    sql`insert into source_instances (tenant_id, id, source_type, name, base_url, auth_type, credentials_encrypted)
        values (${tenant.id}, ${instanceId}, 'jira', ${`jira-${slug}`}, 'http://127.0.0.1:8070', 'basic', 'v1.x.y.z.w')`.execute(
      trx,
    ),
  );
  return { tenantId: tenant.id, instanceId };
}

/** Inserts items and their transitions as the runtime role, one statement per table. */
export async function insertHistories(
  db: TestDatabase,
  tenant: { tenantId: string; instanceId: string },
  items: ItemHistory[],
): Promise<void> {
  const { tenantId, instanceId } = tenant;
  const transitions = items.flatMap((item) => item.transitions.map((t) => ({ item, t })));
  await withTenant(db.handle.runtime, tenantId, async (trx) => {
    await sql`
      insert into work_items (tenant_id, instance_id, source, type, id, source_id, source_key, project_key, team,
        status, assignee_account_id, created_at, updated_at, is_deleted)
      select ${tenantId}::uuid, ${instanceId}::uuid, 'jira', 'task', u.id, u.key, u.key, u.project_key, u.team,
        u.status, u.assignee, u.created_at, u.created_at, u.is_deleted
      from unnest(
        ${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.key)}::text[],
        ${items.map((i) => i.projectKey)}::text[], ${items.map((i) => i.team)}::text[],
        ${items.map((i) => i.status)}::text[], ${items.map((i) => i.assignee)}::text[],
        ${items.map((i) => isoMicros(i.createdAt))}::timestamptz[], ${items.map((i) => i.deleted)}::boolean[]
      ) as u(id, key, project_key, team, status, assignee, created_at, is_deleted)
    `.execute(trx);
    if (transitions.length === 0) return;
    await sql`
      insert into work_item_transitions (tenant_id, instance_id, id, work_item_id, source_event_id, from_status,
        to_status, transitioned_at)
      select ${tenantId}::uuid, ${instanceId}::uuid, u.*
      from unnest(
        ${transitions.map(({ t }) => t.id)}::uuid[], ${transitions.map(({ item }) => item.id)}::uuid[],
        ${transitions.map(({ t }) => t.id)}::text[], ${transitions.map(({ t }) => t.from)}::text[],
        ${transitions.map(({ t }) => t.to)}::text[], ${transitions.map(({ t }) => isoMicros(t.at))}::timestamptz[]
      ) as u(id, work_item_id, source_event_id, from_status, to_status, transitioned_at)
    `.execute(trx);
  });
}

/** The tenant's metric rows, sorted like the oracle's (in code-point order, whatever the collation). */
export async function readMetricRows(trx: Transaction<Database>, tenantId: string): Promise<MetricRow[]> {
  const { rows } = await sql<MetricRow>`
    select project_key, team, date::text as date, created, closed, wip, wip_no_assignee, stuck, reopened,
      lead_time_p50_hours, lead_time_p90_hours, lead_time_avg_hours
    from work_item_metrics_daily
    where tenant_id = ${tenantId}
  `.execute(trx);
  return sortRows(rows);
}

import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { withTenant } from '../../src/db/with-tenant.ts';

/** One insert per tenant-scoped table, all parameterized by the tenant id (and the ids of parents). */
export function tenantRowInserts(
  tenantId: string,
  ids: SeedIds,
): Array<{ table: string; run: (trx: Transaction<Database>) => Promise<unknown> }> {
  const t = tenantId;
  const q = (table: string, statement: ReturnType<typeof sql>) => ({
    table,
    run: (trx: Transaction<Database>) => statement.execute(trx),
  });
  return [
    q(
      'users',
      sql`insert into users (tenant_id, id, email) values (${t}, ${ids.user}, ${`${ids.user}@example.com`})`,
    ),
    q(
      'api_tokens',
      sql`insert into api_tokens (tenant_id, id, user_id, token_hash, scopes) values (${t}, ${ids.token}, ${ids.user}, ${Buffer.alloc(32, ids.token.charCodeAt(0))}, ${['read']})`,
    ),
    q(
      'source_instances',
      sql`insert into source_instances (tenant_id, id, source_type, name, base_url, auth_type, credentials_encrypted) values (${t}, ${ids.instance}, 'jira', ${`jira-${ids.instance}`}, 'http://127.0.0.1:8070', 'basic', 'v1.x.y.z.w')`,
    ),
    q(
      'projects',
      sql`insert into projects (tenant_id, id, instance_id, source_id, key) values (${t}, ${ids.project}, ${ids.instance}, '10000', 'PAY')`,
    ),
    q(
      'people',
      sql`insert into people (tenant_id, instance_id, account_id, display_name) values (${t}, ${ids.instance}, 'acc-1', 'Dana')`,
    ),
    // Zero items at first: the work_items row below adds itself through the counting trigger (migration 0004).
    q(
      'work_item_counts',
      sql`insert into work_item_counts (tenant_id, instance_id, project_key, source, status, items) values (${t}, ${ids.instance}, 'PAY', 'jira', 'open', 0)`,
    ),
    q(
      'work_items',
      sql`insert into work_items (tenant_id, id, instance_id, source, source_id, source_key, project_key, title, type, status, created_at, updated_at) values (${t}, ${ids.workItem}, ${ids.instance}, 'jira', '10001', 'PAY-1', 'PAY', 'Refund fails', 'bug', 'open', now(), now())`,
    ),
    q(
      'work_item_transitions',
      sql`insert into work_item_transitions (tenant_id, work_item_id, instance_id, source_event_id, to_status, transitioned_at) values (${t}, ${ids.workItem}, ${ids.instance}, 'h1', 'in_progress', now())`,
    ),
    q(
      'work_item_comments',
      sql`insert into work_item_comments (tenant_id, work_item_id, instance_id, source_id, body, created_at) values (${t}, ${ids.workItem}, ${ids.instance}, 'c1', 'looks bad', now())`,
    ),
    q(
      'work_item_links',
      sql`insert into work_item_links (tenant_id, work_item_id, instance_id, link_type, direction, target_key) values (${t}, ${ids.workItem}, ${ids.instance}, 'blocks', 'outward', 'PAY-2')`,
    ),
    q(
      'work_item_metrics_daily',
      sql`insert into work_item_metrics_daily (tenant_id, project_key, date, created) values (${t}, 'PAY', current_date, 1)`,
    ),
    q(
      'audit_log',
      sql`insert into audit_log (tenant_id, request_id, action, outcome) values (${t}, 'req-1', 'test', 'success')`,
    ),
    q(
      'idempotency_keys',
      sql`insert into idempotency_keys (tenant_id, scope, key, fingerprint, expires_at) values (${t}, 'jira_create_issue', 'k1', 'f', now() + interval '1 day')`,
    ),
    q(
      'sync_jobs',
      sql`insert into sync_jobs (tenant_id, instance_id, kind) values (${t}, ${ids.instance}, 'backfill')`,
    ),
  ];
}

export interface SeedIds {
  user: string;
  token: string;
  instance: string;
  project: string;
  workItem: string;
}

export function newSeedIds(): SeedIds {
  return {
    user: randomUUID(),
    token: randomUUID(),
    instance: randomUUID(),
    project: randomUUID(),
    workItem: randomUUID(),
  };
}

/** Creates a tenant (as the owner) and one row in every tenant-scoped table (as the runtime role). */
export async function seedTenant(
  db: { owner: Kysely<Database>; runtime: Kysely<Database> },
  slug: string,
): Promise<{ tenantId: string; ids: SeedIds }> {
  const tenant = await db.owner
    .insertInto('tenants')
    .values({ slug, name: slug })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids = newSeedIds();
  await withTenant(db.runtime, tenant.id, async (trx) => {
    for (const insert of tenantRowInserts(tenant.id, ids)) await insert.run(trx);
  });
  return { tenantId: tenant.id, ids };
}

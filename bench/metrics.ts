/**
 * recomputeDailyMetrics on PostgreSQL: one project of 100,000 items with 5 transitions each over two years,
 * five teams. Creates a throwaway database on DATABASE_URL's server and drops it afterwards.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/metrics.ts [items]
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { loadMigrations, migrate } from '../packages/server/src/db/migrations.ts';
import { openDatabase } from '../packages/server/src/db/open-database.ts';
import { withTenant } from '../packages/server/src/db/with-tenant.ts';
import { recomputeDailyMetrics } from '../packages/server/src/sync/metrics/recompute-daily-metrics.ts';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('set DATABASE_URL to a PostgreSQL server');
const itemCount = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);

const name = `ds_bench_${randomBytes(6).toString('hex')}`;
const admin = async (statement: string): Promise<void> => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};
await admin(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await openDatabase(
  { kind: 'postgres', url: url.toString(), migrationUrl: url.toString(), poolMax: 2 },
  { onIdleError: () => {} },
);
try {
  await migrate(db, await loadMigrations());
  const tenant = await db.owner
    .insertInto('tenants')
    .values({ slug: 'bench', name: 'bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const t = tenant.id;

  let started = performance.now();
  await withTenant(db.runtime, t, async (trx) => {
    await sql`select setseed(0.42)`.execute(trx);
    await sql`insert into source_instances (tenant_id, id, source_type, name, base_url, auth_type, credentials_encrypted)
      values (${t}, ${t}, 'jira', 'bench', 'http://127.0.0.1:8070', 'basic', 'v1.x.y.z.w')`.execute(trx);
    // Created over the first 700 days of 2023-2024; then 5 transitions, 0-10 days apart:
    // open → in_progress → done → in_progress (reopened) → a last status that varies, so wip stays non-zero.
    await sql`
      insert into work_items (tenant_id, instance_id, source, type, source_id, source_key, project_key, team, status,
        assignee_account_id, created_at, updated_at)
      select ${t}::uuid, ${t}::uuid, 'jira', 'task', n::text, 'BIG-' || n, 'BIG',
        (array[null, 'a', 'b', 'c', 'd'])[1 + n % 5],
        (array['in_progress', 'done', 'closed', 'open'])[1 + n % 4],
        case when n % 3 = 0 then null else 'acc-' || (n % 50) end,
        c, c
      from (
        select n, timestamptz '2023-01-01 00:00:00+00' + random() * interval '700 days' as c
        from generate_series(1, ${itemCount}::int) n
      ) x
    `.execute(trx);
    await sql`
      insert into work_item_transitions (tenant_id, instance_id, work_item_id, source_event_id, from_status, to_status,
        transitioned_at)
      select ${t}::uuid, ${t}::uuid, w.id, k::text,
        (array['open', 'in_progress', 'done', 'in_progress', 'done'])[k],
        case when k = 5 then w.status else (array['in_progress', 'done', 'in_progress', 'done'])[k] end,
        w.created_at + sum(random() * interval '10 days') over (partition by w.id order by k)
      from work_items w, generate_series(1, 5) k
      where w.tenant_id = ${t}::uuid
    `.execute(trx);
  });
  await db.withOwnerSession((s) => s.exec('analyze work_items; analyze work_item_transitions'));
  console.log(
    `seeded ${itemCount} items, ${itemCount * 5} transitions in ${Math.round(performance.now() - started)} ms`,
  );

  const scope = { projectKeys: ['BIG'], from: '2023-01-01', to: '2024-12-31' };
  for (let run = 1; run <= 3; run++) {
    started = performance.now();
    const result = await withTenant(db.runtime, t, (trx) => recomputeDailyMetrics(trx, t, scope));
    console.log(
      `run ${run}: ${result.rows} rows in ${Math.round(performance.now() - started)} ms (two years)`,
    );
  }
  started = performance.now();
  const month = await withTenant(db.runtime, t, (trx) =>
    recomputeDailyMetrics(trx, t, { projectKeys: ['BIG'], from: '2024-06-01', to: '2024-06-30' }),
  );
  console.log(`one month: ${month.rows} rows in ${Math.round(performance.now() - started)} ms`);
} finally {
  await db.close();
  await admin(`drop database if exists ${name} with (force)`);
}

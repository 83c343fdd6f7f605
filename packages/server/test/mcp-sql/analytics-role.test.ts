import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { createTenant } from '../../src/repositories/tenants.ts';
import { searchIssuesByText } from '../../src/servers/mcp-sql/templates/search-issues-by-text.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

/** The tables the templates read (migrations 0003 and 0004), and nothing else. */
const READABLE = [
  'people',
  'projects',
  'work_item_comments',
  'work_item_counts',
  'work_item_links',
  'work_item_metrics_daily',
  'work_item_transitions',
  'work_items',
];

describe.each(databaseKinds())('ds_analytics, the role of the SQL templates, on %s', (kind) => {
  let db: TestDatabase;
  let query: <R>(text: string, params?: unknown[]) => Promise<R[]>;
  let tenantId: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    query = (text, params) => db.handle.withOwnerSession((s) => s.query(text, params));
    // Two tenants, 40 projects of 150 items each: enough rows that plans reflect the indexes.
    const tenants = [];
    for (const slug of ['plan-a', 'plan-b'])
      tenants.push((await createTenant(db.handle.owner, { slug, name: slug })).id);
    tenantId = tenants[0] ?? '';
    const words = [
      'refund',
      'payment',
      'login',
      'crash',
      'export',
      'invoice',
      'timeout',
      'search',
      'upload',
      'report',
    ];
    for (const tenant of tenants) {
      const instance = randomUUID();
      await query(
        `insert into source_instances (tenant_id, id, source_type, name, base_url, auth_type, credentials_encrypted)
         values ($1, $2, 'jira', 'j', 'http://127.0.0.1:1', 'basic', 'x')`,
        [tenant, instance],
      );
      await query(
        `insert into work_items (tenant_id, instance_id, source, source_id, source_key, project_key, title, type,
           status, created_at, updated_at)
         select $1, $2, 'jira', i::text, 'P' || (i % 40) || '-' || i, 'P' || (i % 40),
           ($3::text[])[1 + i % 10] || ' ' || ($3::text[])[1 + (i * 7) % 10] || ' fails #' || i, 'bug',
           (array['open', 'in_progress', 'done', 'closed'])[1 + i % 4],
           now() - (i || ' hours')::interval, now() - (i || ' minutes')::interval
         from generate_series(1, 6000) i`,
        [tenant, instance, words],
      );
    }
    await db.handle.withOwnerSession((s) => s.exec('vacuum analyze work_items'));
  });
  afterAll(() => db.drop());

  it('is a powerless role: no login, not superuser, NOBYPASSRLS, owns nothing; ds_runtime may switch to it', async () => {
    const [role] = await query<Record<string, boolean>>(
      `select rolcanlogin, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolinherit
       from pg_roles where rolname = 'ds_analytics'`,
    );
    expect(role).toEqual({
      rolcanlogin: false,
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolinherit: false,
    });
    const owned = await query<{ n: number }>(
      `select (select count(*) from pg_class where relowner = 'ds_analytics'::regrole)
            + (select count(*) from pg_proc where proowner = 'ds_analytics'::regrole)
            + (select count(*) from pg_namespace where nspowner = 'ds_analytics'::regrole) as n`,
    );
    expect(owned).toEqual([{ n: 0 }]);
    const [membership] = await query<Record<string, boolean>>(
      `select pg_has_role('ds_runtime', 'ds_analytics', 'MEMBER') as runtime_may_switch,
              pg_has_role('ds_runtime', 'ds_analytics', 'USAGE') as runtime_inherits,
              pg_has_role('ds_analytics', 'ds_runtime', 'MEMBER') as analytics_may_switch_back`,
    );
    expect(membership).toEqual({
      runtime_may_switch: true,
      runtime_inherits: false,
      analytics_may_switch_back: false,
    });
  });

  it('is set for one transaction by withTenant (one set_config with tenant and timeout) and reverts after it', async () => {
    const inside = () =>
      sql<{
        who: string;
        tenant: string;
        timeout: string;
        read_only: string;
      }>`select current_user as who, current_setting('app.current_tenant_id') as tenant,
          current_setting('statement_timeout') as timeout, current_setting('transaction_read_only') as read_only`;
    const options = { readOnly: true, statementTimeoutMs: 1234, role: 'ds_analytics' };
    const first = await withTenant(db.handle.runtime, tenantId, (trx) => inside().execute(trx), options);
    expect(first.rows).toEqual([
      { who: 'ds_analytics', tenant: tenantId, timeout: '1234ms', read_only: 'on' },
    ]);
    const after = await withTenant(db.handle.runtime, tenantId, (trx) =>
      sql<{ who: string }>`select current_user as who`.execute(trx),
    );
    expect(after.rows).toEqual([{ who: 'ds_runtime' }]);
    // After a failed transaction too.
    const failed = await withTenant(
      db.handle.runtime,
      tenantId,
      (trx) => sql`select 1 / 0`.execute(trx),
      options,
    ).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    const afterError = await withTenant(db.handle.runtime, tenantId, (trx) =>
      sql<{ who: string }>`select current_user as who`.execute(trx),
    );
    expect(afterError.rows).toEqual([{ who: 'ds_runtime' }]);
  });

  it('may only SELECT the tables the templates read, and no secret column', async () => {
    const rows = await query<{ t: string; p: string }>(
      `select c.relname as t, p from pg_class c, unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE',
         'REFERENCES', 'TRIGGER']) p
       where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and has_table_privilege('ds_analytics', c.oid, p)
       order by 1, 2`,
    );
    expect(rows).toEqual(READABLE.map((t) => ({ t, p: 'SELECT' })));
    const [columns] = await query<Record<string, boolean>>(
      `select has_column_privilege('ds_analytics', 'source_instances', 'name', 'SELECT') as name,
              has_column_privilege('ds_analytics', 'source_instances', 'credentials_encrypted', 'SELECT') as credentials,
              has_column_privilege('ds_analytics', 'source_instances', 'webhook_secret_encrypted', 'SELECT') as webhook_secret,
              has_column_privilege('ds_analytics', 'source_instances', 'mapping', 'SELECT') as mapping`,
    );
    expect(columns).toEqual({ name: true, credentials: false, webhook_secret: false, mapping: false });
    const policies = await query<{ tablename: string; cmd: string }>(
      `select tablename, cmd from pg_policies where 'ds_analytics' = any(roles) order by 1`,
    );
    expect(policies).toEqual(
      [...READABLE, 'source_instances'].sort().map((tablename) => ({ tablename, cmd: 'SELECT' })),
    );
  });

  /** The text plan of a statement as the runner runs it: ds_analytics, tenant set, READ ONLY. */
  async function planAsAnalytics(statement: string, parameters: readonly unknown[]): Promise<string> {
    return withTenant(
      db.handle.runtime,
      tenantId,
      async (trx) => {
        const result = await trx.executeQuery<Record<string, string>>(
          CompiledQuery.raw(`explain (costs off) ${statement}`, [...parameters]),
        );
        return result.rows.map((r) => Object.values(r)[0]).join('\n');
      },
      { readOnly: true, role: 'ds_analytics' },
    );
  }

  it('searches text through the covering project index, index-only, since `%` cannot use the trigram index (rule 8)', async () => {
    const params = searchIssuesByText.params.parse({ query: 'refund crash', projects: ['P1', 'P2', 'P3'] });
    const compiled = searchIssuesByText.compile(tenantId, params, 21);
    const plan = await planAsAnalytics(compiled.sql, compiled.parameters);
    expect(plan).toMatch(/Index Only Scan using work_items_project_title_idx on work_items/);
    expect(plan).not.toMatch(/Seq Scan on work_items/);
    // What the template avoids: under RLS the trigram operator is only ever a filter, never an index condition.
    const naive = await planAsAnalytics(
      `select id from work_items where tenant_id = $1::uuid and project_key = any($3::text[]) and title % $2`,
      [tenantId, 'refund crash', ['P1', 'P2', 'P3']],
    );
    expect(naive).toMatch(/Filter: .*title % /);
    expect(naive).not.toMatch(/(Index Cond|Recheck Cond): .*title % /);
  });

  it('finds at score 1 exactly what a phrase match finds, newest first', async () => {
    const params = searchIssuesByText.params.parse({
      query: 'payment search',
      projects: ['P1', 'P2'],
      limit: 100,
      min_similarity: 1,
    });
    const compiled = searchIssuesByText.compile(tenantId, params, 101);
    const [ours, reference] = await Promise.all([
      withTenant(
        db.handle.runtime,
        tenantId,
        async (trx) => {
          return (
            await trx.executeQuery<{ source_key: string }>(
              CompiledQuery.raw(compiled.sql, [...compiled.parameters]),
            )
          ).rows;
        },
        { role: 'ds_analytics' },
      ),
      query<{ source_key: string }>(
        `select source_key from work_items where tenant_id = $1 and project_key = any($2::text[])
           and title ilike '%payment search%' order by updated_at desc, id`,
        [tenantId, ['P1', 'P2']],
      ),
    ]);
    // 150 titles match; the statement stops at its row limit (the runner's cap + 1).
    expect(reference.length).toBe(150);
    expect(ours.map((r) => r.source_key)).toEqual(reference.slice(0, 101).map((r) => r.source_key));
  });
});

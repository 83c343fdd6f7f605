import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

describe.each(databaseKinds())('catalog rules on %s (design rules 1-3, 6, 7)', (kind) => {
  let db: TestDatabase;
  let query: <R>(sql: string, params?: unknown[]) => Promise<R[]>;
  let tenantTables: string[];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    query = (sql, params) => db.handle.withOwnerSession((s) => s.query(sql, params));
    const rows = await query<{ table_name: string }>(
      `select c.table_name from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
        order by 1`,
    );
    tenantTables = rows.map((r) => r.table_name);
  });
  afterAll(() => db.drop());

  it('finds the tenant-scoped tables of the schema', () => {
    expect(tenantTables).toEqual([
      'api_tokens',
      'audit_log',
      'idempotency_keys',
      'people',
      'projects',
      'source_instances',
      'sync_jobs',
      'users',
      'work_item_comments',
      'work_item_counts',
      'work_item_links',
      'work_item_metrics_daily',
      'work_item_transitions',
      'work_items',
    ]);
  });

  it('has tenant_id not null on every tenant-scoped table', async () => {
    const rows = await query<{ table_name: string; is_nullable: string; data_type: string }>(
      `select table_name, is_nullable, data_type from information_schema.columns
        where table_schema = 'public' and column_name = 'tenant_id'`,
    );
    for (const row of rows)
      expect([row.table_name, row.is_nullable, row.data_type]).toEqual([row.table_name, 'NO', 'uuid']);
  });

  it('enables and forces RLS on every tenant-scoped table', async () => {
    const rows = await query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class
        where relnamespace = 'public'::regnamespace and relname = any($1::text[]) order by relname`,
      [tenantTables],
    );
    expect(rows).toEqual(
      tenantTables.map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true })),
    );
  });

  it('has exactly one permissive policy per command, to ds_runtime, on the tenant helper', async () => {
    const rows = await query<{
      tablename: string;
      cmd: string;
      permissive: string;
      roles: string[];
      expr: string;
    }>(
      `select tablename, cmd, permissive, roles::text[] as roles, coalesce(qual, '') || ' ' || coalesce(with_check, '') as expr
         from pg_policies where schemaname = 'public' and tablename = any($1::text[]) order by tablename, cmd`,
      [tenantTables],
    );
    // Migration 0003: the read-only role of the SQL templates has one SELECT policy per table it reads.
    const analytics = (r: { roles: string[] }): boolean => r.roles.join() === 'ds_analytics';
    for (const table of tenantTables) {
      const policies = rows.filter((r) => r.tablename === table && !analytics(r));
      expect(policies.map((p) => p.cmd).sort()).toEqual(['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
      for (const p of policies) {
        expect(p.permissive).toBe('PERMISSIVE');
        expect(p.roles).toEqual(['ds_runtime']);
        expect(p.expr).toMatch(/tenant_id = \( SELECT app\.current_tenant_id\(\)/);
      }
    }
    for (const p of rows.filter(analytics)) {
      expect([p.cmd, p.permissive]).toEqual(['SELECT', 'PERMISSIVE']);
      expect(p.expr).toMatch(/tenant_id = \( SELECT app\.current_tenant_id\(\)/);
    }
  });

  it('leads every primary key, unique key and index of a tenant-scoped table with tenant_id', async () => {
    const rows = await query<{ table_name: string; index_name: string; first_column: string | null }>(
      `select t.relname as table_name, i.relname as index_name, a.attname as first_column
         from pg_index x
         join pg_class t on t.oid = x.indrelid
         join pg_class i on i.oid = x.indexrelid
         left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
        where t.relnamespace = 'public'::regnamespace and t.relname = any($1::text[])`,
      [tenantTables],
    );
    expect(rows.length).toBeGreaterThan(tenantTables.length);
    expect(rows.filter((r) => r.first_column !== 'tenant_id')).toEqual([]);
  });

  it('includes tenant_id in every foreign key of a tenant-scoped table', async () => {
    const rows = await query<{ table_name: string; constraint_name: string; columns: string[] }>(
      `select cl.relname as table_name, co.conname as constraint_name,
              array(select attname from pg_attribute where attrelid = co.conrelid and attnum = any(co.conkey))::text[] as columns
         from pg_constraint co join pg_class cl on cl.oid = co.conrelid
        where co.contype = 'f' and cl.relnamespace = 'public'::regnamespace and cl.relname = any($1::text[])`,
      [tenantTables],
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((r) => !r.columns.includes('tenant_id'))).toEqual([]);
  });

  it('keeps ds_runtime powerless: not superuser, NOBYPASSRLS, owns nothing, not a member of the owner', async () => {
    const [role] = await query<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }>(
      `select rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = 'ds_runtime'`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
    const owned = await query<{ n: number }>(
      `select (select count(*) from pg_class where relowner = 'ds_runtime'::regrole)
            + (select count(*) from pg_proc where proowner = 'ds_runtime'::regrole)
            + (select count(*) from pg_namespace where nspowner = 'ds_runtime'::regrole)
            + (select count(*) from pg_type where typowner = 'ds_runtime'::regrole) as n`,
    );
    expect(owned).toEqual([{ n: 0 }]);
    const owners = await query<{ owner: string; member: boolean }>(
      `select distinct pg_get_userbyid(relowner) as owner, pg_has_role('ds_runtime', relowner, 'MEMBER') as member
         from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'`,
    );
    expect(owners.length).toBeGreaterThan(0);
    for (const o of owners) expect(o).toEqual({ owner: o.owner, member: false });
  });

  it('runs the triggers of tenant-scoped tables as the writer, under RLS (migration 0004)', async () => {
    const rows = await query<{ table_name: string; fn: string; owner: string; secdef: boolean }>(
      `select c.relname as table_name, p.oid::regprocedure::text as fn, pg_get_userbyid(p.proowner) as owner,
              p.prosecdef as secdef
         from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
        where not t.tgisinternal and c.relname = any($1::text[])
        order by 1, 2`,
      [tenantTables],
    );
    expect(rows.map((r) => r.table_name)).toContain('work_items');
    for (const r of rows) {
      // Not security definer: the owner would write the counts past RLS; not ds_runtime's: it could rewrite it.
      expect([r.fn, r.secdef]).toEqual([r.fn, false]);
      expect(r.owner).not.toBe('ds_runtime');
    }
  });

  it('gives ds_runtime only SELECT on tenants and only SELECT, INSERT on audit_log', async () => {
    const rows = await query<{ t: string; p: string; has: boolean }>(
      `select t, p, has_table_privilege('ds_runtime', t, p) as has
         from unnest(array['tenants', 'audit_log']) t, unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
        order by t, p`,
    );
    expect(rows.filter((r) => r.has).map((r) => `${r.t}:${r.p}`)).toEqual([
      'audit_log:INSERT',
      'audit_log:SELECT',
      'tenants:SELECT',
    ]);
    const [tenants] = await query<{ relrowsecurity: boolean }>(
      `select relrowsecurity from pg_class where oid = 'public.tenants'::regclass`,
    );
    expect(tenants).toEqual({ relrowsecurity: true });
  });

  it('exposes no view or materialized view that would bypass RLS (rule 6)', async () => {
    const rows = await query<{ relname: string }>(
      `select relname from pg_class
        where relnamespace = 'public'::regnamespace and relkind in ('v', 'm')
          and not coalesce(reloptions @> array['security_invoker=true'], false)`,
    );
    expect(rows).toEqual([]);
  });
});

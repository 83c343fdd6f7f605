import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { newSeedIds, seedTenant, tenantRowInserts } from '../helpers/seed-tenant.ts';

const TABLES = tenantRowInserts('00000000-0000-0000-0000-000000000000', newSeedIds()).map((i) => i.table);

function pgCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

describe.each(databaseKinds())('tenant isolation on %s (design rules 2, 4)', (kind) => {
  let db: TestDatabase;
  let a: Awaited<ReturnType<typeof seedTenant>>;
  let b: Awaited<ReturnType<typeof seedTenant>>;

  beforeAll(async () => {
    // A pool of ONE connection: every tenant switch below reuses the same backend (rule 4).
    db = await createTestDatabase(kind, { poolMax: 1 });
    a = await seedTenant(db.handle, 'tenant-a');
    b = await seedTenant(db.handle, 'tenant-b');
  });
  afterAll(() => db.drop());

  const countIn = (tenantId: string, table: string, filterTenant?: string) =>
    withTenant(db.handle.runtime, tenantId, async (trx) => {
      const where = filterTenant === undefined ? sql`true` : sql`tenant_id = ${filterTenant}`;
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(trx);
      return rows[0]?.n;
    });

  it.each(TABLES)('%s: A sees only its own row, never B’s', async (table) => {
    expect(await countIn(a.tenantId, table)).toBe(1);
    expect(await countIn(a.tenantId, table, b.tenantId)).toBe(0);
    expect(await countIn(b.tenantId, table)).toBe(1);
  });

  it.each(TABLES)('%s: A cannot insert a row for B', async (table) => {
    const insert = tenantRowInserts(b.tenantId, b.ids).find((i) => i.table === table);
    const error = await withTenant(db.handle.runtime, a.tenantId, (trx) => insert!.run(trx)).catch(
      (e: unknown) => e,
    );
    expect(pgCode(error)).toBe('42501');
    expect(await countIn(b.tenantId, table)).toBe(1);
  });

  it.each(TABLES.filter((t) => t !== 'audit_log'))(
    '%s: A can neither update nor delete B’s rows, nor move its own to B',
    async (table) => {
      const [updated, deleted] = await withTenant(db.handle.runtime, a.tenantId, async (trx) => {
        const u =
          await sql`update ${sql.table(table)} set tenant_id = tenant_id where tenant_id = ${b.tenantId}`.execute(
            trx,
          );
        const d = await sql`delete from ${sql.table(table)} where tenant_id = ${b.tenantId}`.execute(trx);
        return [u.numAffectedRows, d.numAffectedRows];
      });
      expect([updated, deleted]).toEqual([0n, 0n]);
      const moved = await withTenant(db.handle.runtime, a.tenantId, (trx) =>
        sql`update ${sql.table(table)} set tenant_id = ${b.tenantId} where tenant_id = ${a.tenantId}`.execute(
          trx,
        ),
      ).catch((e: unknown) => e);
      // Moving a row out of the tenant fails on the policy's WITH CHECK (or first on a tenant-scoped key).
      expect(['42501', '23503', '23505']).toContain(pgCode(moved));
      expect(await countIn(b.tenantId, table)).toBe(1);
      expect(await countIn(a.tenantId, table)).toBe(1);
    },
  );

  it('keeps audit_log append-only for the runtime role', async () => {
    for (const statement of [sql`update audit_log set action = 'x'`, sql`delete from audit_log`]) {
      const error = await withTenant(db.handle.runtime, a.tenantId, (trx) => statement.execute(trx)).catch(
        (e: unknown) => e,
      );
      expect(pgCode(error)).toBe('42501');
    }
    expect(await countIn(a.tenantId, 'audit_log')).toBe(1);
  });

  it('lets a runtime query without a tenant raise instead of answering', async () => {
    for (const table of [...TABLES, 'tenants']) {
      const error = await sql`select * from ${sql.table(table)}`
        .execute(db.handle.runtime)
        .catch((e: unknown) => e);
      expect([table, (error as Error).message]).toEqual([table, 'tenant context is not set']);
    }
  });

  it('never leaks between interleaved tenants on a pool of one connection', async () => {
    const seen = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const tenant = i % 2 === 0 ? a : b;
        return withTenant(db.handle.runtime, tenant.tenantId, async (trx) => {
          const { rows } = await sql<{ id: string; current: string }>`
            select id, app.current_tenant_id()::text as current from work_items`.execute(trx);
          return { expected: tenant.ids.workItem, tenant: tenant.tenantId, rows };
        });
      }),
    );
    for (const s of seen) expect(s.rows).toEqual([{ id: s.expected, current: s.tenant }]);
    // After the transactions the setting is gone from the (single) connection.
    const after = await sql`select app.current_tenant_id()`
      .execute(db.handle.runtime)
      .catch((e: unknown) => e);
    expect((after as Error).message).toBe('tenant context is not set');
  });

  it('leaves the next request clean after an error inside a tenant transaction', async () => {
    const failure = await withTenant(db.handle.runtime, a.tenantId, async (trx) => {
      await sql`select 1 / 0`.execute(trx);
    }).catch((e: unknown) => e);
    expect(pgCode(failure)).toBe('22012');
    const next = await withTenant(db.handle.runtime, b.tenantId, async (trx) => {
      const { rows } = await sql<{ current: string; role: string }>`
        select app.current_tenant_id()::text as current, current_user as role`.execute(trx);
      return rows;
    });
    expect(next).toEqual([{ current: b.tenantId, role: 'ds_runtime' }]);
  });

  it('refuses stacked statements: every query goes over the extended protocol (rule 9)', async () => {
    const error = await withTenant(db.handle.runtime, a.tenantId, (trx) =>
      sql`select 1; delete from work_items`.execute(trx),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/cannot insert multiple commands into a prepared statement/);
    expect(await countIn(a.tenantId, 'work_items')).toBe(1);
  });

  it('refuses a malformed tenant id before touching the database', async () => {
    await expect(withTenant(db.handle.runtime, "x' or '1'='1", async () => 1)).rejects.toMatchObject({
      code: 'internal',
    });
  });
});

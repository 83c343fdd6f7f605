import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuthContext } from '../../src/auth/authenticate.ts';
import { AppError } from '../../src/errors/app-error.ts';
import { mcpMetrics } from '../../src/mcp/mcp-metrics.ts';
import { runTool, type ToolOutcome } from '../../src/mcp/run-tool.ts';
import { createTenant } from '../../src/repositories/tenants.ts';
import { sqlMetrics } from '../../src/servers/mcp-sql/sql-metrics.ts';
import { templateTool } from '../../src/servers/mcp-sql/template-tool.ts';
import { boundedInt } from '../../src/servers/mcp-sql/templates/param-schemas.ts';
import type { SqlTemplate } from '../../src/servers/mcp-sql/templates/sql-template.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { insertInstance, insertItems, ownerRows, templateRunner } from './template-fixtures.ts';

const rowsOutput = z.object({ rows: z.array(z.object({ key: z.string(), pad: z.string() })) });
const rowsParams = z.strictObject({
  limit: boundedInt(1, 100, 100),
  pad: z.number().int().min(0).max(5000).default(0),
});

/** The tenant's item keys in order, each with `pad` bytes of padding: rows of a known size. */
const listRows: SqlTemplate<typeof rowsParams, typeof rowsOutput> = {
  name: 'test_list_rows',
  title: 'rows',
  description: 'rows of known size',
  params: rowsParams,
  output: rowsOutput,
  timeoutMs: 5_000,
  maxRows: 100,
  compile: (tenantId, p, rowLimit) => ({
    sql: `select source_key as key, repeat('x', $2::int) as pad from work_items
          where tenant_id = $1::uuid order by source_key limit $3`,
    parameters: [tenantId, p.pad, rowLimit],
  }),
  shape: (rows) => ({ rows: rows.map((r) => ({ key: String(r.key), pad: String(r.pad) })) }),
};

const anyOutput = z.object({ rows: z.array(z.record(z.string(), z.unknown())) });
const noParams = z.strictObject({});

/** A template running `statement` ($1 = tenant), answering its rows as they come. */
function statementTemplate(
  name: string,
  statement: string,
  overrides: Partial<SqlTemplate<typeof noParams, typeof anyOutput>> = {},
): SqlTemplate<typeof noParams, typeof anyOutput> {
  return {
    name,
    title: name,
    description: name,
    params: noParams,
    output: anyOutput,
    timeoutMs: 5_000,
    maxRows: 100,
    compile: (tenantId) => ({ sql: statement, parameters: [tenantId] }),
    shape: (rows) => ({ rows: rows.map((r) => ({ ...r })) }),
    ...overrides,
  };
}

describe.each(databaseKinds())('template runner on %s', (kind) => {
  let t: TestContext;
  let tenantA: string;
  let tenantB: string;
  let keysA: string[];

  beforeAll(async () => {
    t = await createTestContext({ kind });
    tenantA = (await createTenant(t.ctx.db.owner, { slug: 'runner-a', name: 'a' })).id;
    tenantB = (await createTenant(t.ctx.db.owner, { slug: 'runner-b', name: 'b' })).id;
    const at = '2026-05-01T10:00:00.000Z';
    keysA = Array.from({ length: 12 }, (_, n) => `A-${String(n + 10)}`);
    const instanceA = await insertInstance(t.ctx.db, tenantA, 'jira');
    await insertItems(
      t.ctx.db,
      tenantA,
      instanceA,
      'jira',
      keysA.map((key) => ({ key, project: 'A', createdAt: at, updatedAt: at })),
    );
    const instanceB = await insertInstance(t.ctx.db, tenantB, 'jira');
    await insertItems(
      t.ctx.db,
      tenantB,
      instanceB,
      'jira',
      ['B-1', 'B-2', 'B-3'].map((key) => ({ key, project: 'B', createdAt: at, updatedAt: at })),
    );
    // A function that fails the way statement_timeout does (PGlite has no timer to cancel a statement).
    await t.ctx.db.withOwnerSession((s) =>
      s.exec(`create function test_raise_query_canceled() returns int language plpgsql as $$
        begin raise exception 'canceling statement due to statement timeout' using errcode = 'query_canceled'; end $$`),
    );
  });
  afterAll(() => t.ctx.close());

  const auth = (tenantId: string): AuthContext => ({
    tenantId,
    tokenId: randomUUID(),
    userId: null,
    scopes: ['read'],
  });

  /** Runs a template as a tool, through the wrapper every transport uses. */
  async function callTool(
    template: SqlTemplate,
    args: Record<string, unknown>,
    tenantId = tenantA,
  ): Promise<ToolOutcome> {
    const tool = templateTool(template, { db: t.ctx.db.runtime, metrics: sqlMetrics(t.ctx.metrics) });
    return runTool(
      tool,
      args,
      { auth: auth(tenantId), requestId: `req-${randomUUID()}`, logger: t.ctx.logger },
      mcpMetrics(t.ctx.metrics),
    );
  }

  it('returns every row with truncated: false when nothing is capped', async () => {
    const answer = await templateRunner(t.ctx, tenantA)(listRows, {});
    expect(answer).toEqual({ rows: keysA.map((key) => ({ key, pad: '' })), truncated: false });
  });

  it('caps rows at the caller’s limit and at maxRows, answering truncated: true', async () => {
    const run = templateRunner(t.ctx, tenantA);
    expect(await run(listRows, { limit: 5 })).toEqual({
      rows: keysA.slice(0, 5).map((key) => ({ key, pad: '' })),
      truncated: true,
    });
    expect(await run(listRows, { limit: 12 })).toMatchObject({ truncated: false });
    expect(await run({ ...listRows, maxRows: 3 }, { limit: 50 })).toEqual({
      rows: keysA.slice(0, 3).map((key) => ({ key, pad: '' })),
      truncated: true,
    });
  });

  it('caps the answer at the byte cap with the longest prefix that fits', async () => {
    const maxBytes = 2_000;
    const answer = await templateRunner(t.ctx, tenantA)({ ...listRows, maxBytes }, { pad: 300 });
    const size = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));
    expect(answer.truncated).toBe(true);
    expect(size(answer)).toBeLessThanOrEqual(maxBytes);
    expect(answer.rows.map((r) => r.key)).toEqual(keysA.slice(0, answer.rows.length));
    // Maximal: one more row would not fit.
    const oneMore = { rows: [...answer.rows, { key: keysA[answer.rows.length], pad: 'x'.repeat(300) }] };
    expect(size({ ...oneMore, truncated: true })).toBeGreaterThan(maxBytes);
    expect(answer.rows.length).toBeGreaterThan(0);
  });

  it('runs as ds_analytics in a READ ONLY transaction with the template’s statement_timeout', async () => {
    const whoami = statementTemplate(
      'test_whoami',
      `select current_user::text as role, current_setting('transaction_read_only') as read_only,
         current_setting('statement_timeout') as timeout, app.current_tenant_id()::text as tenant
       where $1::uuid is not null`,
      { timeoutMs: 1_234 },
    );
    expect(await templateRunner(t.ctx, tenantA)(whoami, {})).toEqual({
      rows: [{ role: 'ds_analytics', read_only: 'on', timeout: '1234ms', tenant: tenantA }],
      truncated: false,
    });
    // The role is transaction-local: the runtime connection is ds_runtime again afterwards.
    const after = await sql<{ role: string }>`select current_user::text as role`.execute(t.ctx.db.runtime);
    expect(after.rows).toEqual([{ role: 'ds_runtime' }]);
  });

  it('sees only the tenant’s rows, through ds_analytics’s own RLS policies', async () => {
    const count = statementTemplate(
      'test_count_all',
      'select count(*)::int as n from work_items where $1::uuid is not null',
    );
    expect(await templateRunner(t.ctx, tenantA)(count, {})).toEqual({ rows: [{ n: 12 }], truncated: false });
    expect(await templateRunner(t.ctx, tenantB)(count, {})).toEqual({ rows: [{ n: 3 }], truncated: false });
  });

  it('refuses writes: READ ONLY stops even what ds_analytics’s privileges would allow', async () => {
    const tempTable = statementTemplate(
      'test_temp_table',
      'create temp table scratch as select $1::uuid as t',
    );
    const update = statementTemplate(
      'test_update',
      `update work_items set title = 'pwned' where tenant_id = $1::uuid returning 1 as n`,
    );
    const flip = statementTemplate(
      'test_flip',
      `select set_config('transaction_read_only', 'off', true) as v where $1::uuid is not null`,
    );
    for (const template of [tempTable, update, flip]) {
      const outcome = await callTool(template, {});
      expect(outcome).toEqual({
        ok: false,
        error: { code: 'internal', message: 'internal error', request_id: expect.any(String) },
      });
    }
    const failures = t.logs.lines
      .map((line) => JSON.parse(line) as { msg?: string; template?: string; sqlstate?: string })
      .filter((l) => l.msg === 'sql template failed');
    expect(failures.find((l) => l.template === 'test_temp_table')?.sqlstate).toBe('25006');
    expect(failures.find((l) => l.template === 'test_update')?.sqlstate).toBe('25006');
    expect(failures.find((l) => l.template === 'test_flip')?.sqlstate).toMatch(/^(25001|25006)$/);
    const titles = await ownerRows<{ n: number }>(
      t.ctx.db,
      `select count(*)::int as n from work_items where title = 'pwned'`,
    );
    expect(titles).toEqual([{ n: 0 }]);
  });

  it('cannot read what ds_analytics was not granted: tokens, audit rows, sealed credentials', async () => {
    const statements = {
      test_tokens: 'select count(*)::int as n from api_tokens where tenant_id = $1::uuid',
      test_audit: 'select count(*)::int as n from audit_log where tenant_id = $1::uuid',
      test_credentials: 'select credentials_encrypted from source_instances where tenant_id = $1::uuid',
    };
    for (const [name, statement] of Object.entries(statements)) {
      const outcome = await callTool(statementTemplate(name, statement), {});
      expect(outcome).toMatchObject({ ok: false, error: { code: 'internal', message: 'internal error' } });
    }
    const denied = t.logs.lines
      .map((line) => JSON.parse(line) as { msg?: string; template?: string; sqlstate?: string })
      .filter((l) => l.msg === 'sql template failed' && l.template?.startsWith('test_'))
      .filter((l) => Object.keys(statements).includes(l.template ?? ''));
    expect(denied.map((l) => l.sqlstate)).toEqual(['42501', '42501', '42501']);
    const named = statementTemplate(
      'test_instances',
      'select id::text as id, source_type, name from source_instances where tenant_id = $1::uuid',
    );
    expect((await templateRunner(t.ctx, tenantA)(named, {})).rows).toHaveLength(1);
  });

  it('answers any other database error as a generic internal error with the request id, leaking nothing', async () => {
    const broken = statementTemplate(
      'test_broken',
      `select (source_key || 'secret-value-7731')::int as n from work_items where tenant_id = $1::uuid`,
    );
    const requestId = `req-${randomUUID()}`;
    const tool = templateTool(broken, { db: t.ctx.db.runtime, metrics: sqlMetrics(t.ctx.metrics) });
    const outcome = await runTool(
      tool,
      {},
      { auth: auth(tenantA), requestId, logger: t.ctx.logger.child({ request_id: requestId }) },
      mcpMetrics(t.ctx.metrics),
    );
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error', request_id: requestId },
    });
    expect(JSON.stringify(outcome)).not.toMatch(/secret-value|work_items|source_key|invalid input|select/i);
    const logged = t.logs.lines.filter((l) => l.includes(requestId) && l.includes('sql template failed'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({ template: 'test_broken', sqlstate: '22P02' });
  });

  it('maps query_canceled (what statement_timeout raises) to a timeout', async () => {
    const canceled = statementTemplate(
      'test_canceled',
      'select test_raise_query_canceled() as n where $1::uuid is not null',
    );
    const outcome = await callTool(canceled, {});
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'timeout',
        message: expect.stringContaining('longer than 5000 ms'),
        details: { template: 'test_canceled', timeout_ms: 5_000 },
        request_id: expect.any(String),
      },
    });
    const metrics = await t.ctx.metrics.getSingleMetricAsString('sql_query_total');
    expect(metrics).toContain('sql_query_total{template="test_canceled",status="timeout"} 1');
  });

  // PGlite runs in one thread without timers, so it cannot cancel a running statement.
  it.skipIf(kind === 'pglite')('stops a statement at the template’s statement_timeout', async () => {
    const sleepy = statementTemplate(
      'test_sleepy',
      'select pg_sleep(5) as slept where $1::uuid is not null',
      { timeoutMs: 200 },
    );
    await expect(templateRunner(t.ctx, tenantA)(sleepy, {})).rejects.toMatchObject({
      code: 'timeout',
      details: { template: 'test_sleepy', timeout_ms: 200 },
    });
    // The connection was destroyed with its failed transaction; the next call runs normally.
    expect(await templateRunner(t.ctx, tenantA)(listRows, { limit: 1 })).toMatchObject({ truncated: true });
  });

  it('logs statements slower than 100 ms at warn with the template name', async () => {
    const slow = statementTemplate(
      'test_slow',
      'select pg_sleep(0.15)::text as slept where $1::uuid is not null',
    );
    await templateRunner(t.ctx, tenantA)(slow, {});
    const line = t.logs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'slow sql template' && l.template === 'test_slow');
    expect(line).toMatchObject({ level: 'warn', template: 'test_slow', status: 'ok', rows: 1 });
  });

  it('counts statements per template and status in metrics registered once per registry', async () => {
    expect(sqlMetrics(t.ctx.metrics).queries).toBe(sqlMetrics(t.ctx.metrics).queries);
    const run = templateRunner(t.ctx, tenantA);
    await run(listRows, { limit: 1 });
    await run(listRows, { limit: 2 });
    const counted = await t.ctx.metrics.getSingleMetricAsString('sql_query_total');
    expect(counted).toMatch(/sql_query_total\{template="test_list_rows",status="ok"\} \d+/);
    const duration = await t.ctx.metrics.getSingleMetricAsString('sql_query_duration_seconds');
    expect(duration).toMatch(/sql_query_duration_seconds_count\{template="test_list_rows"\} \d+/);
  });

  it('refuses a template that does not bind the tenant as $1, and answers a shape failure as internal', async () => {
    const unbound = statementTemplate('test_unbound', 'select 1 as n where $1::text is not null', {
      compile: () => ({ sql: 'select 1 as n where $1::text is not null', parameters: ['x'] }),
    });
    await expect(templateRunner(t.ctx, tenantA)(unbound, {})).rejects.toMatchObject({ code: 'internal' });
    const misshapen = statementTemplate('test_misshapen', 'select 1 as n where $1::uuid is not null', {
      shape: (rows) => ({ rows: rows.map((r) => z.object({ n: z.string() }).parse(r)) }),
    });
    expect(await callTool(misshapen, {})).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'internal error' },
    });
    const missing = statementTemplate('test_missing', 'select 1 as n where $1::uuid is not null', {
      shape: () => {
        throw new AppError('not_found', 'no such thing');
      },
    });
    expect(await callTool(missing, {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses templates beyond the ceilings of design rule 10 when the tool is built', () => {
    const deps = { db: t.ctx.db.runtime, metrics: sqlMetrics(t.ctx.metrics) };
    expect(() => templateTool({ ...listRows, timeoutMs: 30_001 }, deps)).toThrow(/timeoutMs/);
    expect(() => templateTool({ ...listRows, maxRows: 1_001 }, deps)).toThrow(/maxRows/);
    expect(() => templateTool({ ...listRows, maxBytes: 2 * 1024 * 1024 }, deps)).toThrow(/maxBytes/);
    expect(() => templateTool({ ...listRows, name: 'Bad.Name' }, deps)).toThrow(/name/);
  });
});

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMcpSqlApp } from '../../src/servers/mcp-sql/mcp-sql-app.ts';
import { sqlTemplates } from '../../src/servers/mcp-sql/templates/index.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';
import {
  insertInstance,
  insertItems,
  insertPerson,
  insertProject,
  insertTransitions,
} from './template-fixtures.ts';

type Caller = Awaited<ReturnType<typeof tenantWithToken>>;

const PLAN_NAMES = [
  'search_issues_by_project',
  'get_project_metrics',
  'search_issues_by_text',
  'get_issue_history',
  'get_user_workload',
  'lead_time_metrics',
  'get_stuck_issues',
  'get_work_item',
  'cross_source_summary',
  'list_projects',
];

/** A valid call of every template, on the data below. */
const VALID_ARGS: Record<string, Record<string, unknown>> = {
  search_issues_by_project: { project: 'PAY' },
  get_project_metrics: { project: 'PAY', days: 5, end_date: '2026-06-15' },
  search_issues_by_text: { query: 'refund', projects: ['PAY'] },
  get_issue_history: { key: 'PAY-1' },
  get_user_workload: { assignee: 'dana' },
  lead_time_metrics: { days: 5, end_date: '2026-06-15' },
  get_stuck_issues: {},
  get_work_item: { key: 'PAY-1' },
  cross_source_summary: {},
  list_projects: {},
};

describe('MCP SQL tools over Streamable HTTP and the REST fallback', () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  let acme: Caller;
  let globex: Caller;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    app = await buildMcpSqlApp(t.ctx);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    acme = await tenantWithToken(t.ctx, 'acme', ['read']);
    globex = await tenantWithToken(t.ctx, 'globex', ['read']);
    const db = t.ctx.db;
    const instance = await insertInstance(db, acme.tenantId, 'jira');
    await insertProject(db, acme.tenantId, instance, 'PAY');
    await insertPerson(db, acme.tenantId, instance, 'acc-dana', 'Dana');
    const ids = await insertItems(db, acme.tenantId, instance, 'jira', [
      {
        key: 'PAY-1',
        project: 'PAY',
        title: 'Refund fails for EUR',
        status: 'in_progress',
        assignee: { id: 'acc-dana', name: 'Dana' },
        createdAt: '2026-05-01T08:00:00.000Z',
        updatedAt: '2026-06-01T08:00:00.000Z',
        statusChangedAt: '2026-05-02T08:00:00.000Z',
      },
      {
        key: 'PAY-2',
        project: 'PAY',
        title: 'Payout report',
        createdAt: '2026-05-01T08:00:00.000Z',
        updatedAt: '2026-06-02T08:00:00.000Z',
      },
      {
        key: 'PAY-3',
        project: 'PAY',
        title: 'Refund webhook',
        createdAt: '2026-05-01T08:00:00.000Z',
        updatedAt: '2026-06-03T08:00:00.000Z',
      },
    ]);
    await insertTransitions(db, acme.tenantId, instance, ids.get('PAY-1') ?? '', [
      {
        from: 'open',
        to: 'in_progress',
        at: '2026-05-02T08:00:00.000Z',
        actor: { id: 'acc-dana', name: 'Dana' },
      },
    ]);
    await sql`insert into work_item_metrics_daily (tenant_id, project_key, date, created, closed, lead_time_avg_hours)
      select ${acme.tenantId}::uuid, 'PAY', d::date, 1, 1, 24 from generate_series('2026-06-01'::date, '2026-06-15'::date, interval '1 day') d`.execute(
      db.owner,
    );
    const other = await insertInstance(db, globex.tenantId, 'jira');
    await insertItems(db, globex.tenantId, other, 'jira', [
      {
        key: 'GLX-1',
        project: 'GLX',
        createdAt: '2026-05-01T08:00:00.000Z',
        updatedAt: '2026-05-01T08:00:00.000Z',
      },
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await app.close();
    await t.ctx.close();
  });

  async function connect(token: string): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: bearer(token) },
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  const errorOf = (result: unknown): Record<string, unknown> => {
    const content = (result as { content?: Array<{ text?: string }> }).content;
    return (JSON.parse(content?.[0]?.text ?? '{}') as { error: Record<string, unknown> }).error;
  };

  async function invoke(token: string, name: string, args: Record<string, unknown>) {
    const res = await app.inject({
      method: 'POST',
      url: '/tools/invoke',
      headers: bearer(token),
      payload: { name, arguments: args },
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }

  it('serves every template as sql_<name>, read-only and idempotent, with tenant_id and truncated', async () => {
    expect(sqlTemplates.map((tpl) => tpl.name)).toEqual(PLAN_NAMES);
    const { tools } = await (await connect(acme.token)).listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      ['sql_list_templates', ...PLAN_NAMES.map((n) => `sql_${n}`)].sort(),
    );
    const search = tools.find((tool) => tool.name === 'sql_search_issues_by_project');
    expect(search?.annotations).toEqual({
      title: 'Search issues by project',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(search?.inputSchema).toMatchObject({
      type: 'object',
      properties: {
        project: { type: 'string', maxLength: 255 },
        limit: { type: 'integer', minimum: 1, maximum: 100 },
        tenant_id: { type: 'string', format: 'uuid' },
      },
      additionalProperties: false,
    });
    expect(search?.outputSchema).toMatchObject({ properties: { truncated: { type: 'boolean' } } });
  });

  it('answers every template through the SDK client, validated against its output schema', async () => {
    const client = await connect(acme.token);
    for (const name of PLAN_NAMES) {
      // The client checks structuredContent against the tool's outputSchema and throws when it does not match.
      const result = await client.callTool({ name: `sql_${name}`, arguments: VALID_ARGS[name] });
      expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeUndefined();
      expect(result.structuredContent).toMatchObject({ truncated: false });
    }
    const search = await client.callTool({
      name: 'sql_search_issues_by_project',
      arguments: { project: 'PAY' },
    });
    expect((search.structuredContent as { issues: Array<{ key: string }> }).issues.map((i) => i.key)).toEqual(
      ['PAY-3', 'PAY-2', 'PAY-1'],
    );
  });

  it('lists the templates with their parameters as JSON Schema', async () => {
    const client = await connect(acme.token);
    const result = await client.callTool({ name: 'sql_list_templates', arguments: {} });
    const { templates } = result.structuredContent as { templates: Array<Record<string, unknown>> };
    expect(templates.map((tpl) => [tpl.name, tpl.tool])).toEqual(PLAN_NAMES.map((n) => [n, `sql_${n}`]));
    expect(templates.find((tpl) => tpl.name === 'search_issues_by_text')).toMatchObject({
      title: 'Search issues by text',
      description: expect.stringContaining('keywords'),
      max_rows: 100,
      timeout_ms: 10_000,
      parameters: {
        type: 'object',
        required: ['query', 'projects'],
        properties: {
          query: { type: 'string', minLength: 3, maxLength: 200 },
          projects: { type: 'array', minItems: 1, maxItems: 50 },
        },
        additionalProperties: false,
      },
    });
  });

  it('takes the plan’s plain template names on POST /tools/invoke', async () => {
    const plain = await invoke(acme.token, 'search_issues_by_project', { project: 'PAY', limit: 2 });
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ truncated: true, next_cursor: expect.any(String) });
    expect((plain.body.issues as Array<{ key: string }>).map((i) => i.key)).toEqual(['PAY-3', 'PAY-2']);
    const next = await invoke(acme.token, 'sql_search_issues_by_project', {
      project: 'PAY',
      limit: 2,
      cursor: plain.body.next_cursor,
    });
    expect((next.body.issues as Array<{ key: string }>).map((i) => i.key)).toEqual(['PAY-1']);
    expect(next.body).toMatchObject({ truncated: false, next_cursor: null });
    expect((await invoke(acme.token, 'list_templates', {})).status).toBe(200);
  });

  it('accepts tenant_id only when it is the caller’s own tenant, and refuses another with forbidden', async () => {
    const plain = await invoke(acme.token, 'get_issue_history', { key: 'PAY-1' });
    const own = await invoke(acme.token, 'get_issue_history', { key: 'PAY-1', tenant_id: acme.tenantId });
    expect(own).toEqual(plain);
    const upper = await invoke(acme.token, 'get_issue_history', {
      key: 'PAY-1',
      tenant_id: acme.tenantId.toUpperCase(),
    });
    expect(upper).toEqual(plain);
    const other = await invoke(acme.token, 'get_issue_history', { key: 'GLX-1', tenant_id: globex.tenantId });
    expect(other).toEqual({
      status: 403,
      body: {
        error: {
          code: 'forbidden',
          message: "tenant_id must be your token's tenant (or be left out)",
          request_id: expect.any(String),
        },
      },
    });
    const client = await connect(acme.token);
    const refused = await client.callTool({
      name: 'sql_search_issues_by_project',
      arguments: { project: 'GLX', tenant_id: globex.tenantId },
    });
    expect(refused.isError).toBe(true);
    expect(errorOf(refused)).toMatchObject({ code: 'forbidden' });
  });

  it('answers another tenant’s key exactly like one that does not exist', async () => {
    const theirs = await invoke(acme.token, 'get_issue_history', { key: 'GLX-1' });
    const nobody = await invoke(acme.token, 'get_issue_history', { key: 'GLX-9' });
    const strip = (r: typeof theirs) => ({
      status: r.status,
      body: JSON.parse(
        JSON.stringify(r.body)
          .replace(/GLX-\d/g, '<key>')
          .replace(/"request_id":"[^"]+"/, '"request_id":"<id>"'),
      ),
    });
    expect(theirs.status).toBe(404);
    expect(strip(theirs)).toEqual(strip(nobody));
    expect((await invoke(globex.token, 'get_issue_history', { key: 'GLX-1' })).status).toBe(200);
  });

  it('refuses bad parameters as validation errors naming the parameter', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['search_issues_by_project', { project: 'PAY', limit: 0 }, 'limit'],
      ['search_issues_by_project', { project: 'PAY', limit: 1e9 }, 'limit'],
      ['search_issues_by_project', { project: 'PAY', limit: 1.5 }, 'limit'],
      ['search_issues_by_project', { project: 'PAY', cursor: 'bm90IGEgY3Vyc29y' }, 'cursor'],
      ['search_issues_by_project', { project: 'PAY', status: 'stuck' }, 'status'],
      ['search_issues_by_project', { project: 'PA\u0000Y' }, 'project'],
      ['search_issues_by_text', { query: 'ref\u0000und', projects: ['PAY'] }, 'query'],
      ['search_issues_by_text', { query: 'ab', projects: ['PAY'] }, 'query'],
      [
        'search_issues_by_text',
        { query: 'refund', projects: Array.from({ length: 51 }, (_, i) => `P${i}`) },
        'projects',
      ],
      ['get_project_metrics', { project: 'PAY', days: 366 }, 'days'],
      ['get_project_metrics', { project: 'PAY', end_date: '2026-02-30' }, 'end_date'],
      ['get_issue_history', { key: 'PAY-1', limit: 501 }, 'limit'],
      ['get_user_workload', { assignee: 'dana', statuses: [] }, 'statuses'],
      ['lead_time_metrics', { days: 1.5 }, 'days'],
      ['get_issue_history', { key: 'PAY-1', tenant_id: 'not-a-uuid' }, 'tenant_id'],
    ];
    for (const [name, args, parameter] of cases) {
      const { status, body } = await invoke(acme.token, name, args);
      const error = body.error as { code: string; details: { issues: Array<{ path: string }> } };
      expect([status, error.code], `${name} ${JSON.stringify(args)}`).toEqual([400, 'validation_error']);
      expect(error.details.issues.map((i) => i.path)).toContain(parameter);
    }
    const unknown = await invoke(acme.token, 'get_issue_history', { key: 'PAY-1', order_by: 'title' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('order_by');
  });

  it('counts template statements in the app’s /metrics', async () => {
    await invoke(acme.token, 'list_projects', {});
    const res = await app.inject({ url: '/metrics' });
    expect(res.body).toMatch(/sql_query_total\{template="list_projects",status="ok"\} \d+/);
    expect(res.body).toContain('sql_query_duration_seconds_bucket{le="0.001",template="list_projects"}');
  });
});

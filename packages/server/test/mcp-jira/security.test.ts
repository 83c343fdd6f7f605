import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { defaultCredentials } from '@digital-spiral/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';
import {
  addJiraInstance,
  callError,
  callOk,
  jiraIssueCount,
  startMcpJiraHarness,
  tenantRows,
  tokenFor,
  type Caller,
  type McpJiraHarness,
  type ToolResult,
} from './mcp-jira-harness.ts';

const READ_TOOLS = [
  'jira_get_comments',
  'jira_get_issue',
  'jira_list_instances',
  'jira_list_projects',
  'jira_list_transitions',
  'jira_search',
  'jira_search_users',
];
const WRITE_TOOLS = [
  'jira_add_comment',
  'jira_assign_issue',
  'jira_create_issue',
  'jira_link_issues',
  'jira_transition_issue',
  'jira_update_issue',
];

/** Scopes, the read-only switch, the audit log, secrets and tenant isolation of MCP Jira. */
describe('MCP Jira security', () => {
  const planted = `planted-${randomBytes(12).toString('hex')}`;
  const email = defaultCredentials.jira.values.email ?? '';
  let h: McpJiraHarness;
  let instanceId: string;
  let other: { tenantId: string; admin: string; writer: Caller; instanceId: string };
  /** Every tool answer of this file, grepped for the planted secret at the end. */
  const answers: unknown[] = [];

  async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const result = (await client.callTool({ name, arguments: args })) as ToolResult;
    answers.push(result);
    return result;
  }

  beforeAll(async () => {
    h = await startMcpJiraHarness({ size: 30, extraCredentials: [`${email}:${planted}`] });
    instanceId = await addJiraInstance(h, 'Jira', { type: 'basic', email, api_token: planted });
    const globex = await tenantWithToken(h.t.ctx, 'globex', ['admin']);
    const globexInstance = await h.api.inject({
      method: 'POST',
      url: '/api/v1/instances',
      headers: bearer(globex.token),
      payload: {
        source_type: 'jira',
        name: 'Globex Jira',
        base_url: h.sandbox.urls.jira,
        credentials: { type: 'basic', email, api_token: planted },
      },
    });
    expect(globexInstance.statusCode, globexInstance.body).toBe(201);
    other = {
      tenantId: globex.tenantId,
      admin: globex.token,
      writer: await tokenFor(h.t.ctx, globex.tenantId, ['write'], false),
      instanceId: globexInstance.json<{ instance: { id: string } }>().instance.id,
    };
  });
  afterAll(() => h.close());

  it('shows write tools only to write tokens, with annotations and strict schemas', async () => {
    const writer = await h.client(h.writer.token);
    const { tools } = await writer.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    for (const tool of tools) {
      const write = WRITE_TOOLS.includes(tool.name);
      expect(tool.annotations).toMatchObject({
        readOnlyHint: !write,
        openWorldHint: tool.name !== 'jira_list_instances',
      });
      expect(tool.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(tool.outputSchema).toMatchObject({ type: 'object' });
      expect(tool.description?.length).toBeGreaterThan(60);
      if (write) expect(Object.keys(tool.inputSchema.properties ?? {})).toContain('idempotency_key');
    }
    const destructive = tools
      .filter((t) => t.annotations?.destructiveHint === true)
      .map((t) => t.name)
      .sort();
    expect(destructive).toEqual(['jira_assign_issue', 'jira_update_issue']);

    const reader = await h.client(h.reader.token);
    expect((await reader.listTools()).tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
    const rest = await fetch(`${h.base}/tools`, { headers: bearer(h.writer.token) });
    const listed = (await rest.json()) as { tools: Array<{ name: string; aliases: string[] }> };
    expect(listed.tools.find((t) => t.name === 'jira_create_issue')?.aliases).toEqual(['jira.create_issue']);
  });

  it('refuses writes to a read token on every transport', async () => {
    const before = jiraIssueCount(h);
    const reader = await h.client(h.reader.token);
    await expect(
      reader.callTool({ name: 'jira_create_issue', arguments: { project_key: 'OPS', summary: 'nope' } }),
    ).rejects.toMatchObject({ code: -32602 });
    const res = await fetch(`${h.base}/tools/invoke`, {
      method: 'POST',
      headers: { ...bearer(h.reader.token), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'jira.create_issue', arguments: { project_key: 'OPS', summary: 'nope' } }),
    });
    expect(res.status).toBe(404);
    expect(jiraIssueCount(h)).toBe(before);
  });

  it('serves no write tool with MCP_JIRA_READ_ONLY, even to a write token', async () => {
    const ctx = h.t.ctx;
    const base = await h.startMcp({ ...ctx, config: { ...ctx.config, mcpJira: { readOnly: true } } });
    const writer = await h.client(h.writer.token, base);
    expect((await writer.listTools()).tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
    expect(writer.getInstructions()).toContain('read-only');
    await expect(
      writer.callTool({ name: 'jira_create_issue', arguments: { project_key: 'OPS', summary: 'nope' } }),
    ).rejects.toMatchObject({ code: -32602 });
    const search = await call(writer, 'jira_search', { jql: 'project = OPS', limit: 1 });
    expect(search.isError).toBeFalsy();
  });

  it('audits every write completely (success, error, replay), secrets redacted', async () => {
    const writer = await h.client(h.writer.token);
    const createArgs = { project_key: 'OPS', summary: 'Audited', idempotency_key: 'audit-1' };
    const created = await call(writer, 'jira_create_issue', createArgs);
    const key = (created.structuredContent as { key: string }).key;
    await call(writer, 'jira_create_issue', createArgs);
    const failed = await call(writer, 'jira_update_issue', {
      issue_key: key,
      fields: { api_token: 'hunter2-in-a-field', customfield_10016: 3 },
    });
    expect(failed.isError).toBe(true);

    const rows = await tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<Record<string, unknown>>`
        select tenant_id, request_id, token_id, user_id, instance_id, action, arguments, outcome, error_code,
          upstream_status, duration_ms, at
        from audit_log where tenant_id = ${h.admin.tenantId}::uuid and action like 'jira_%' order by at, outcome desc`,
    );
    const who = {
      tenant_id: h.admin.tenantId,
      request_id: expect.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/),
      token_id: h.writer.tokenId,
      user_id: h.writer.userId,
      instance_id: instanceId,
      duration_ms: expect.any(Number),
      at: expect.any(Date),
    };
    expect(h.writer.userId).toEqual(expect.any(String));
    expect(rows).toEqual([
      {
        ...who,
        action: 'jira_create_issue',
        // The validated arguments: defaults filled in.
        arguments: { ...createArgs, issue_type: 'Task' },
        outcome: 'success',
        error_code: null,
        upstream_status: 201,
      },
      {
        ...who,
        action: 'jira_create_issue',
        arguments: { ...createArgs, issue_type: 'Task' },
        outcome: 'replayed',
        error_code: null,
        upstream_status: null,
      },
      {
        ...who,
        action: 'jira_update_issue',
        arguments: { issue_key: key, fields: { api_token: '[redacted]', customfield_10016: 3 } },
        outcome: 'error',
        error_code: 'upstream_4xx',
        upstream_status: 400,
      },
    ]);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(3);
    expect(JSON.stringify(rows)).not.toContain('hunter2-in-a-field');
  });

  it('refuses NUL characters, and audits text jsonb cannot hold as U+FFFD', async () => {
    const writer = await h.client(h.writer.token);
    const { key } = await callOk<{ key: string }>(writer, 'jira_create_issue', {
      project_key: 'OPS',
      summary: 'Odd text',
    });
    const nulAdf = {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a\u0000b' }] }],
    };
    for (const body of ['a\u0000b', nulAdf]) {
      expect((await callError(writer, 'jira_add_comment', { issue_key: key, body })).code).toBe(
        'validation_error',
      );
    }
    const added = await callOk<{ comment: { id: string } }>(writer, 'jira_add_comment', {
      issue_key: key,
      body: 'half a pair \ud800 here',
    });
    expect(added.comment.id).toEqual(expect.any(String));
    const rows = await tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<{ body: string; outcome: string }>`
        select arguments->>'body' as body, outcome from audit_log
        where tenant_id = ${h.admin.tenantId}::uuid and action = 'jira_add_comment' and arguments->>'issue_key' = ${key}`,
    );
    expect(rows).toEqual([{ body: 'half a pair \ufffd here', outcome: 'success' }]);
  });

  it('keeps tenants apart whatever the arguments: another tenant’s instance is not found', async () => {
    const globex = await h.client(other.writer.token);
    const listed = await callOk<{ instances: Array<{ id: string }> }>(globex, 'jira_list_instances', {});
    expect(listed.instances.map((i) => i.id)).toEqual([other.instanceId]);

    const nowhere = '00000000-0000-4000-8000-000000000000';
    for (const [name, args] of [
      ['jira_search', { jql: 'project = OPS', instance_id: instanceId }],
      ['jira_get_issue', { issue_key: 'OPS-1', instance_id: instanceId }],
      ['jira_list_projects', { instance_id: instanceId }],
      ['jira_create_issue', { project_key: 'OPS', summary: 'Cross-tenant', instance_id: instanceId }],
      ['jira_add_comment', { issue_key: 'OPS-1', body: 'Cross-tenant', instance_id: instanceId }],
    ] as const) {
      const foreign = await callError(globex, name, args);
      const unknown = await callError(globex, name, { ...args, instance_id: nowhere });
      expect({ ...foreign, request_id: '' }).toEqual({ ...unknown, request_id: '' });
      expect(foreign).toMatchObject({ code: 'not_found', message: 'no such Jira instance' });
    }

    // A cursor of acme's search names acme's instance: in globex's hands it reaches nothing of acme's.
    const acme = await h.client(h.reader.token);
    const page = await callOk<{ next_cursor: string }>(acme, 'jira_search', {
      jql: 'project = OPS ORDER BY key',
      limit: 1,
    });
    const replayed = await callOk<{ issues: Array<{ instance_id: string }> }>(globex, 'jira_search', {
      jql: 'project = OPS ORDER BY key',
      limit: 5,
      cursor: page.next_cursor,
    });
    expect(replayed.issues.filter((i) => i.instance_id !== other.instanceId)).toEqual([]);

    // Globex's failed writes are audited in globex only, without an instance; acme sees none of them.
    const globexAudit = await tenantRows(
      h.t.ctx,
      other.tenantId,
      sql<{ tenant_id: string; instance_id: string | null; outcome: string }>`
        select tenant_id, instance_id, outcome from audit_log where tenant_id = ${other.tenantId}::uuid and action like 'jira_%'`,
    );
    expect(globexAudit).toHaveLength(4);
    expect(globexAudit.every((r) => r.instance_id === null && r.outcome === 'error')).toBe(true);
    const acmeSeesGlobex = await tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<{
        n: number;
      }>`select count(*)::int as n from audit_log where token_id = ${other.writer.tokenId}::uuid`,
    );
    expect(acmeSeesGlobex).toEqual([{ n: 0 }]);
  });

  it('never shows the Jira API token in answers, audit rows or logs', async () => {
    const writer = await h.client(h.writer.token);
    await call(writer, 'jira_search', { jql: 'project = OPS', limit: 3 });
    await call(writer, 'jira_search', { jql: 'project = = OPS' });
    await call(writer, 'jira_list_instances', {});
    const basic = Buffer.from(`${email}:${planted}`).toString('base64');
    const audit = await h.t.ctx.db.owner.selectFrom('audit_log').selectAll().execute();
    const instances = await h.api.inject({ url: '/api/v1/instances', headers: bearer(h.admin.token) });
    for (const text of [JSON.stringify(answers), JSON.stringify(audit), h.t.logs.text(), instances.body]) {
      expect(text).not.toContain(planted);
      expect(text).not.toContain(basic);
    }
    expect(answers.length).toBeGreaterThan(5);
  });
});

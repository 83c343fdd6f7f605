import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../helpers/tenants.ts';
import {
  addJiraInstance,
  callError,
  callOk,
  jiraIssueCount,
  startMcpJiraHarness,
  tenantRows,
  type McpJiraHarness,
  type ToolResult,
} from './mcp-jira-harness.ts';

/** Rules 13 and 14 through MCP: at most once per idempotency key, and an exact per-instance write limit. */
describe('MCP Jira idempotency keys and write limits', () => {
  let h: McpJiraHarness;
  let instanceId: string;
  let client: Client;

  beforeAll(async () => {
    h = await startMcpJiraHarness({ size: 30 });
    instanceId = await addJiraInstance(h, 'Jira');
    client = await h.client(h.writer.token);
  });
  afterAll(() => h.close());

  const outcomes = (key: string) =>
    tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<{ outcome: string; error_code: string | null }>`
        select outcome, error_code from audit_log
        where tenant_id = ${h.admin.tenantId}::uuid and arguments->>'idempotency_key' = ${key} order by at, outcome`,
    );

  it('creates exactly one issue for 20 concurrent duplicates, and every caller gets its key', async () => {
    const before = jiraIssueCount(h);
    const args = { project_key: 'OPS', summary: 'Exactly once', idempotency_key: 'create-once-1' };
    const results = (await Promise.all(
      Array.from({ length: 20 }, () => client.callTool({ name: 'jira_create_issue', arguments: args })),
    )) as ToolResult[];
    expect(results.filter((r) => r.isError === true)).toEqual([]);
    const keys = new Set(results.map((r) => (r.structuredContent as { key: string }).key));
    expect(keys.size).toBe(1);
    expect(jiraIssueCount(h)).toBe(before + 1);
    for (const r of results) expect(r.structuredContent).toEqual(results[0]?.structuredContent);

    const later = await callOk<{ key: string }>(client, 'jira_create_issue', args);
    expect(later.key).toBe([...keys][0]);
    expect(jiraIssueCount(h)).toBe(before + 1);
    const audited = await outcomes('create-once-1');
    expect(audited.filter((a) => a.outcome === 'success')).toHaveLength(1);
    expect(audited.filter((a) => a.outcome === 'replayed')).toHaveLength(20);
    expect(audited).toHaveLength(21);
  });

  it('answers conflict for the same key with other arguments, and scopes keys per tool', async () => {
    const first = await callOk<{ key: string }>(client, 'jira_create_issue', {
      project_key: 'OPS',
      summary: 'First use of the key',
      idempotency_key: 'shared-key',
    });
    const before = jiraIssueCount(h);
    const conflict = await callError(client, 'jira_create_issue', {
      project_key: 'OPS',
      summary: 'Other arguments',
      idempotency_key: 'shared-key',
    });
    expect(conflict).toMatchObject({ code: 'conflict', details: { reason: 'fingerprint_mismatch' } });
    expect(jiraIssueCount(h)).toBe(before);
    // The same key on another tool is another run.
    const comment = await callOk<{ comment: { id: string } }>(client, 'jira_add_comment', {
      issue_key: first.key,
      body: 'Same key, other tool',
      idempotency_key: 'shared-key',
    });
    expect(comment.comment.id).toEqual(expect.any(String));
    expect(await outcomes('shared-key')).toEqual(
      expect.arrayContaining([
        { outcome: 'success', error_code: null },
        { outcome: 'error', error_code: 'conflict' },
        { outcome: 'success', error_code: null },
      ]),
    );
  });

  it('allows exactly write_rate_limit_per_minute writes, then answers rate_limited with retry_after', async () => {
    const patched = await h.api.inject({
      method: 'PATCH',
      url: `/api/v1/instances/${instanceId}`,
      headers: bearer(h.admin.token),
      payload: { sync_settings: { write_rate_limit_per_minute: 3 } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ sync_settings: { write_rate_limit_per_minute: 3 } });
    const { key } = await callOk<{ key: string }>(client, 'jira_create_issue', {
      project_key: 'OPS',
      summary: 'Limited',
    });
    await callOk(client, 'jira_add_comment', { issue_key: key, body: 'two' });
    await callOk(client, 'jira_add_comment', { issue_key: key, body: 'three' });
    const limited = await callError(client, 'jira_add_comment', { issue_key: key, body: 'four' });
    expect(limited).toEqual({
      code: 'rate_limited',
      message: "the write limit of Jira instance 'Jira' (3 per minute) is reached",
      details: { instance_id: instanceId, limit_per_minute: 3 },
      retry_after: expect.any(Number),
      request_id: expect.any(String),
    });
    expect(limited.retry_after).toBeGreaterThan(0);
    expect(limited.retry_after).toBeLessThanOrEqual(20);
    const comments = await h.jira<{ total: number }>('GET', `/rest/api/3/issue/${key}/comment`);
    expect(comments.body.total).toBe(2);
    // Reads are not writes: they still answer.
    await callOk(client, 'jira_get_comments', { issue_key: key });
    const rows = await tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<{ outcome: string; error_code: string | null; instance_id: string }>`
        select outcome, error_code, instance_id from audit_log
        where tenant_id = ${h.admin.tenantId}::uuid and error_code = 'rate_limited'`,
    );
    expect(rows).toEqual([{ outcome: 'error', error_code: 'rate_limited', instance_id: instanceId }]);

    // REST fallback: the same answer, with a Retry-After header.
    const res = await fetch(`${h.base}/tools/invoke`, {
      method: 'POST',
      headers: { ...bearer(h.writer.token), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'jira.add_comment', arguments: { issue_key: key, body: 'five' } }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../helpers/tenants.ts';
import {
  addSyncedJiraInstance,
  callError,
  callOk,
  startMcpJiraHarness,
  tenantRows,
  type McpJiraHarness,
} from './mcp-jira-harness.ts';

interface Issue {
  instance_id: string;
  key: string;
  summary: string;
  status: string | null;
  assignee: { account_id: string; display_name: string } | null;
  url: string;
  fields?: Record<string, unknown>;
}

interface JiraFields {
  summary: string;
  status: { name: string; statusCategory: { key: string } };
  issuetype: { name: string };
  priority?: { name: string } | null;
  assignee: { accountId: string; displayName: string } | null;
  reporter: { accountId: string };
  labels: string[];
  parent?: { key: string };
  resolutiondate: string | null;
  comment?: { total: number; comments: Array<{ id: string }> };
  [field: string]: unknown;
}

interface JiraIssue {
  id: string;
  key: string;
  fields: JiraFields;
  changelog?: { total: number };
}

/** The flow of the plan: add an instance, backfill it, then the MCP Jira tools answer from the live site. */
describe('MCP Jira read tools', () => {
  let h: McpJiraHarness;
  let instanceId: string;
  let client: Client;

  beforeAll(async () => {
    h = await startMcpJiraHarness({ size: 60 });
    instanceId = await addSyncedJiraInstance(h, 'Jira');
    client = await h.client(h.reader.token);
  });
  afterAll(() => h.close());

  /** Every key a JQL matches, in order, straight from the fake. */
  async function fakeKeys(jql: string): Promise<string[]> {
    const res = await h.jira<{ issues: JiraIssue[] }>('POST', '/rest/api/3/search/jql', {
      jql,
      maxResults: 100,
      fields: ['summary'],
    });
    expect(res.status).toBe(200);
    return res.body.issues.map((i) => i.key);
  }

  it('lists the tenant’s Jira instances without credentials', async () => {
    const listed = await callOk(client, 'jira_list_instances', {});
    expect(listed).toEqual({
      instances: [
        {
          id: instanceId,
          name: 'Jira',
          base_url: h.sandbox.urls.jira,
          status: 'active',
          last_sync_at: expect.any(String),
        },
      ],
    });
    expect(JSON.stringify(listed)).not.toMatch(/credential|api_token|sandbox-jira-token/);
  });

  it('searches the backfilled site with JQL and reads an issue the sync also stored', async () => {
    const keys = await fakeKeys('project = DATA ORDER BY key ASC');
    const page = await callOk<{ issues: Issue[]; next_cursor: string | null }>(client, 'jira_search', {
      jql: 'project = DATA ORDER BY key ASC',
      limit: 5,
    });
    expect(page.issues.map((i) => i.key)).toEqual(keys.slice(0, 5));
    expect(page.next_cursor === null).toBe(keys.length <= 5);
    const first = page.issues[0]!;
    const stored = await h.jira<JiraIssue>('GET', `/rest/api/3/issue/${first.key}`);
    expect(first).toEqual({
      instance_id: instanceId,
      key: first.key,
      id: stored.body.id,
      url: `${h.sandbox.urls.jira}/browse/${first.key}`,
      summary: stored.body.fields.summary,
      status: stored.body.fields.status.name,
      status_category: stored.body.fields.status.statusCategory.key,
      type: stored.body.fields.issuetype.name,
      priority: stored.body.fields.priority?.name ?? null,
      assignee:
        stored.body.fields.assignee === null
          ? null
          : {
              account_id: stored.body.fields.assignee.accountId,
              display_name: stored.body.fields.assignee.displayName,
            },
      reporter: expect.objectContaining({ account_id: stored.body.fields.reporter.accountId }),
      labels: stored.body.fields.labels,
      project_key: 'DATA',
      parent_key: stored.body.fields.parent?.key ?? null,
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      resolved: stored.body.fields.resolutiondate === null ? null : expect.any(String),
    });

    const synced = await tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<{
        title: string;
      }>`select title from work_items where tenant_id = ${h.admin.tenantId}::uuid and source_key = ${first.key}`,
    );
    expect(synced).toEqual([{ title: first.summary }]);
  });

  it('reads one issue with its description, changelog and comments; the instance comes from the key', async () => {
    const withComments = (
      await h.jira<{ issues: JiraIssue[] }>('POST', '/rest/api/3/search/jql', {
        jql: 'project = DATA ORDER BY key ASC',
        maxResults: 100,
        fields: ['comment'],
      })
    ).body.issues.find((i) => (i.fields.comment?.total ?? 0) >= 2);
    expect(withComments).toBeDefined();
    const key = withComments!.key;
    const stored = await h.jira<JiraIssue>('GET', `/rest/api/3/issue/${key}?expand=changelog`);
    const got = await callOk<{
      issue: Issue & { description: string | null };
      changelog: { total: number; histories: Array<{ id: string; changes: unknown[] }> };
      comments: { total: number; comments: Array<{ id: string; body: string }> };
    }>(client, 'jira_get_issue', {
      issue_key: key.toLowerCase(),
      expand: ['changelog', 'comments'],
      fields: ['components'],
    });
    expect(got.issue).toMatchObject({ key, instance_id: instanceId, summary: stored.body.fields.summary });
    expect(got.issue.fields).toEqual({ components: stored.body.fields.components });
    expect(typeof got.issue.description === 'string' || got.issue.description === null).toBe(true);
    expect(got.changelog.total).toBe(stored.body.changelog?.total);
    expect(got.changelog.histories.length).toBe(Math.min(100, stored.body.changelog?.total ?? 0));
    expect(got.comments.total).toBe(stored.body.fields.comment?.total);
    expect(got.comments.comments.map((c) => c.id)).toEqual(
      stored.body.fields.comment?.comments.map((c) => c.id),
    );
  });

  it('pages a search with the cursor, every issue exactly once', async () => {
    const jql = 'project in (DATA, OPS) ORDER BY key ASC';
    const expected = await fakeKeys(jql);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    for (let pages = 0; pages < 50 && cursor !== null; pages++) {
      const page = await callOk<{ issues: Issue[]; next_cursor: string | null }>(client, 'jira_search', {
        jql,
        limit: 7,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(page.issues.length).toBeLessThanOrEqual(7);
      seen.push(...page.issues.map((i) => i.key));
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(expected);
    const reused = await callError(client, 'jira_search', { jql: 'project = OPS', cursor: 'bm9wZQ' });
    expect(reused.code).toBe('validation_error');
  });

  it('returns raw Jira fields when asked for them', async () => {
    const page = await callOk<{ issues: Issue[] }>(client, 'jira_search', {
      jql: 'project = OPS ORDER BY key ASC',
      limit: 2,
      fields: ['duedate', 'customfield_10016', 'components'],
    });
    for (const issue of page.issues) {
      expect(Object.keys(issue.fields ?? {}).sort()).toEqual(['components', 'customfield_10016', 'duedate']);
    }
  });

  it('lists projects, comments, transitions and users as the site has them', async () => {
    const projects = await callOk<{ projects: Array<{ key: string; name: string; instance_id: string }> }>(
      client,
      'jira_list_projects',
      {},
    );
    const fakeProjects = await h.jira<{ values: Array<{ key: string; name: string; id: string }> }>(
      'GET',
      '/rest/api/3/project/search?maxResults=100',
    );
    expect(projects).toEqual({
      projects: fakeProjects.body.values.map((p) => ({
        instance_id: instanceId,
        key: p.key,
        name: p.name,
        id: p.id,
      })),
      truncated: false,
      instance_errors: [],
    });

    const key = (await fakeKeys('project = DATA ORDER BY key ASC'))[0]!;
    const fakeComments = await h.jira<{ total: number; comments: Array<{ id: string }> }>(
      'GET',
      `/rest/api/3/issue/${key}/comment`,
    );
    const comments = await callOk<{
      total: number;
      comments: Array<{ id: string }>;
      next_start_at: number | null;
    }>(client, 'jira_get_comments', { issue_key: key, limit: 1 });
    expect(comments.total).toBe(fakeComments.body.total);
    expect(comments.comments.map((c) => c.id)).toEqual(
      fakeComments.body.comments.slice(0, 1).map((c) => c.id),
    );
    expect(comments.next_start_at).toBe(fakeComments.body.total > 1 ? 1 : null);

    const fakeTransitions = await h.jira<{
      transitions: Array<{ id: string; name: string; to: { name: string } }>;
    }>('GET', `/rest/api/3/issue/${key}/transitions`);
    expect(await callOk(client, 'jira_list_transitions', { issue_key: key })).toEqual({
      instance_id: instanceId,
      issue_key: key,
      transitions: fakeTransitions.body.transitions.map((t) => ({
        id: t.id,
        name: t.name,
        to_status: t.to.name,
        to_category: expect.any(String),
      })),
    });

    const fakeUsers = await h.jira<Array<{ accountId: string }>>(
      'GET',
      '/rest/api/3/user/search?query=a&maxResults=5',
    );
    const users = await callOk<{ users: Array<{ account_id: string; instance_id: string }> }>(
      client,
      'jira_search_users',
      { query: 'a', limit: 5 },
    );
    expect(users.users.map((u) => u.account_id)).toEqual(fakeUsers.body.map((u) => u.accountId));
  });

  it('passes Jira’s own words about a bad JQL back as upstream_4xx', async () => {
    const fake = await h.jira<{ errorMessages: string[] }>('POST', '/rest/api/3/search/jql', {
      jql: 'project = DATA AND nosuchfield ~ x',
    });
    expect(fake.status).toBe(400);
    const bad = await callError(client, 'jira_search', { jql: 'project = DATA AND nosuchfield ~ x' });
    expect(bad).toEqual({
      code: 'upstream_4xx',
      message: `jira answered 400: ${fake.body.errorMessages.join('; ')}`,
      details: { upstream_status: 400 },
      request_id: expect.any(String),
    });
    const unbounded = await callError(client, 'jira_search', { jql: 'ORDER BY key' });
    expect(unbounded.code).toBe('upstream_4xx');
    expect(unbounded.message).toContain('Unbounded JQL queries are not allowed');
  });

  it('answers not_found for an unknown instance or issue, validation_error for malformed arguments', async () => {
    const unknown = await callError(client, 'jira_get_issue', {
      issue_key: 'DATA-1',
      instance_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown).toMatchObject({ code: 'not_found', message: 'no such Jira instance' });
    expect((await callError(client, 'jira_get_issue', { issue_key: 'DATA-99999' })).code).toBe('not_found');
    expect((await callError(client, 'jira_get_issue', { issue_key: 'not a key' })).code).toBe(
      'validation_error',
    );
    expect((await callError(client, 'jira_search', { jql: 'project = DATA', limit: 101 })).code).toBe(
      'validation_error',
    );
    expect(
      (await callError(client, 'jira_search', { jql: 'project = DATA', tenant_id: h.admin.tenantId })).code,
    ).toBe('validation_error');
  });

  it('serves the REST fallback under the plan’s dotted names', async () => {
    const res = await fetch(`${h.base}/tools/invoke`, {
      method: 'POST',
      headers: { ...bearer(h.reader.token), 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'jira.search',
        arguments: { jql: 'project = OPS ORDER BY key ASC', limit: 1 },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { issues: Issue[] };
    expect(body.issues).toHaveLength(1);
  });
});

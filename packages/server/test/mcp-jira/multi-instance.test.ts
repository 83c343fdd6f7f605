import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createJiraService, defaultCredentials, startSandbox, type Sandbox } from '@digital-spiral/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_NOW, createInstanceVia, waitForJob } from '../helpers/sync-harness.ts';
import { bearer } from '../helpers/tenants.ts';
import {
  addSyncedJiraInstance,
  callError,
  callOk,
  startMcpJiraHarness,
  type McpJiraHarness,
} from './mcp-jira-harness.ts';

interface Issue {
  instance_id: string;
  key: string;
}

/** Two Jira sites (two fakes of different sizes, so some keys exist on both and some on one) as one tenant's. */
describe('MCP Jira over several instances', () => {
  let h: McpJiraHarness;
  let second: Sandbox;
  let a: string;
  let b: string;
  let client: Client;

  const basic = {
    type: 'basic',
    email: defaultCredentials.jira.values.email,
    api_token: defaultCredentials.jira.values.apiToken,
  };

  async function connectSecond(name: string, backfill: boolean): Promise<string> {
    const id = await createInstanceVia(h, h.admin.token, {
      source_type: 'jira',
      name,
      base_url: second.urls.jira,
      credentials: basic,
    });
    if (backfill) {
      const started = await h.api.inject({
        method: 'POST',
        url: `/api/v1/instances/${id}/backfill`,
        headers: bearer(h.admin.token),
      });
      expect(
        await waitForJob(h, h.admin.token, id, started.json<{ task_id: string }>().task_id),
      ).toMatchObject({
        status: 'completed',
      });
    }
    return id;
  }

  /** Keys a JQL matches on a fake, in order. */
  async function keysOn(url: string, jql: string): Promise<string[]> {
    const res = await fetch(`${url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { authorization: defaultCredentials.jira.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ jql, maxResults: 100, fields: ['summary'] }),
    });
    return ((await res.json()) as { issues: Issue[] }).issues.map((i) => i.key);
  }

  beforeAll(async () => {
    h = await startMcpJiraHarness({ size: 40 });
    second = await startSandbox(
      {
        now: SANDBOX_NOW,
        jira: { port: 0, size: 90 },
        github: { enabled: false },
        asana: { enabled: false },
        linear: { enabled: false },
      },
      { factories: { jira: createJiraService } },
    );
    a = await addSyncedJiraInstance(h, 'Jira A');
    b = await connectSecond('Jira B', true);
    client = await h.client(h.writer.token);
  });
  afterAll(async () => {
    await h.close();
    await second.close();
  });

  it('merges a search over every instance and resumes each with the cursor, every issue once', async () => {
    const jql = 'project = DATA ORDER BY key ASC';
    const onA = await keysOn(h.sandbox.urls.jira ?? '', jql);
    const onB = await keysOn(second.urls.jira ?? '', jql);
    expect(onB.length).toBeGreaterThan(onA.length);
    const seen: Issue[] = [];
    let cursor: string | null | undefined;
    for (let pages = 0; pages < 100 && cursor !== null; pages++) {
      const page = await callOk<{ issues: Issue[]; next_cursor: string | null; instance_errors: unknown[] }>(
        client,
        'jira_search',
        { jql, limit: 5, ...(cursor === undefined ? {} : { cursor }) },
      );
      expect(page.issues.length).toBeLessThanOrEqual(5);
      expect(page.instance_errors).toEqual([]);
      seen.push(...page.issues.map((i) => ({ instance_id: i.instance_id, key: i.key })));
      cursor = page.next_cursor;
    }
    expect(seen.filter((i) => i.instance_id === a).map((i) => i.key)).toEqual(onA);
    expect(seen.filter((i) => i.instance_id === b).map((i) => i.key)).toEqual(onB);
    expect(seen).toHaveLength(onA.length + onB.length);

    const one = await callOk<{ issues: Issue[]; next_cursor: string }>(client, 'jira_search', {
      jql,
      limit: 3,
      instance_id: b,
    });
    expect(one.issues.map((i) => i.key)).toEqual(onB.slice(0, 3));
    const all = await callOk<{ next_cursor: string }>(client, 'jira_search', { jql, limit: 3 });
    const mixed = await callError(client, 'jira_search', {
      jql,
      limit: 3,
      instance_id: b,
      cursor: all.next_cursor,
    });
    expect(mixed.code).toBe('validation_error');
  });

  it('finds the instance of a synced key, and names both instances of a key they share', async () => {
    const onA = await keysOn(h.sandbox.urls.jira ?? '', 'project = DATA ORDER BY key ASC');
    const onB = await keysOn(second.urls.jira ?? '', 'project = DATA ORDER BY key ASC');
    const onlyB = onB.find((k) => !onA.includes(k))!;
    const got = await callOk<{ issue: Issue }>(client, 'jira_get_issue', { issue_key: onlyB });
    expect(got.issue).toMatchObject({ instance_id: b, key: onlyB });

    const shared = onA[0]!;
    const ambiguous = await callError(client, 'jira_get_issue', { issue_key: shared });
    expect(ambiguous).toEqual({
      code: 'validation_error',
      message: `issue ${shared} exists in 2 Jira instances: 'Jira A' (${a}), 'Jira B' (${b}); pass instance_id to choose one`,
      details: {
        candidates: [
          { instance_id: a, name: 'Jira A' },
          { instance_id: b, name: 'Jira B' },
        ],
      },
      request_id: expect.any(String),
    });
    const chosen = await callOk<{ issue: Issue }>(client, 'jira_get_issue', {
      issue_key: shared,
      instance_id: b,
    });
    expect(chosen.issue).toMatchObject({ instance_id: b, key: shared });
    // A write with an ambiguous key fails the same way, before anything reaches Jira.
    expect((await callError(client, 'jira_add_comment', { issue_key: shared, body: 'hi' })).code).toBe(
      'validation_error',
    );
  });

  it('asks every instance for a key that is not synced yet', async () => {
    const created = await fetch(`${second.urls.jira}/rest/api/3/issue`, {
      method: 'POST',
      headers: { authorization: defaultCredentials.jira.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({
        fields: { project: { key: 'GROW' }, summary: 'Made in Jira', issuetype: { name: 'Task' } },
      }),
    });
    const made = (await created.json()) as { id: string; key: string };
    // By numeric id: the fakes resolve a key past a project's last issue to another issue (a fake quirk),
    // while ids past the first, smaller site's last issue are cleanly unknown there.
    expect((await h.jira('GET', `/rest/api/3/issue/${made.id}?fields=summary`)).status).toBe(404);
    const key = made.id;
    const got = await callOk<{ issue: Issue & { summary: string } }>(client, 'jira_get_issue', {
      issue_key: key,
    });
    expect(got.issue).toMatchObject({ instance_id: b, key: made.key, summary: 'Made in Jira' });

    // A third instance on the second site, never synced: now two sites answer for the key.
    const c = await connectSecond('Jira C', false);
    const ambiguous = await callError(client, 'jira_list_transitions', { issue_key: key });
    expect(ambiguous.details).toEqual({
      candidates: [
        { instance_id: b, name: 'Jira B' },
        { instance_id: c, name: 'Jira C' },
      ],
    });
    await h.api.inject({ method: 'DELETE', url: `/api/v1/instances/${c}`, headers: bearer(h.admin.token) });
    expect(
      (await callOk<{ issue: Issue }>(client, 'jira_get_issue', { issue_key: key })).issue.instance_id,
    ).toBe(b);
  });

  it('creates in the instance that syncs the project, and asks to choose when several do', async () => {
    const onA = await keysOn(h.sandbox.urls.jira ?? '', 'project = DATA');
    expect(onA.length).toBeGreaterThan(0);
    const ambiguous = await callError(client, 'jira_create_issue', {
      project_key: 'DATA',
      summary: 'Where?',
    });
    expect(ambiguous.message).toMatch(/^project DATA exists in 2 Jira instances/);
    const created = await callOk<{ instance_id: string; key: string }>(client, 'jira_create_issue', {
      project_key: 'DATA',
      summary: 'Here',
      instance_id: a,
    });
    expect(created.instance_id).toBe(a);
    expect(await keysOn(h.sandbox.urls.jira ?? '', `key = ${created.key}`)).toEqual([created.key]);
  });

  it('lists an instance that fails beside the answers of the others, and the cursor retries it', async () => {
    const patch = (credentials: Record<string, unknown>) =>
      h.api.inject({
        method: 'PATCH',
        url: `/api/v1/instances/${b}`,
        headers: bearer(h.admin.token),
        payload: { credentials },
      });
    expect((await patch({ ...basic, api_token: 'wrong-token' })).statusCode).toBe(200);
    try {
      const page = await callOk<{ issues: Issue[]; next_cursor: string | null; instance_errors: unknown[] }>(
        client,
        'jira_search',
        { jql: 'project = OPS ORDER BY key ASC', limit: 4 },
      );
      expect(page.issues.every((i) => i.instance_id === a)).toBe(true);
      expect(page.instance_errors).toEqual([
        {
          instance_id: b,
          name: 'Jira B',
          code: 'unauthorized',
          message: expect.stringContaining('jira answered 401'),
        },
      ]);
      expect(page.next_cursor).toEqual(expect.any(String));
      expect((await patch(basic)).statusCode).toBe(200);
      const next = await callOk<{ issues: Issue[] }>(client, 'jira_search', {
        jql: 'project = OPS ORDER BY key ASC',
        limit: 4,
        cursor: page.next_cursor,
      });
      expect(next.issues.some((i) => i.instance_id === b)).toBe(true);
    } finally {
      await patch(basic);
    }
  });
});

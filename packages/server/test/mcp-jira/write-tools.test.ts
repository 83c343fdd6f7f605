import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textToAdf } from '../../src/sources/jira/adf.ts';
import {
  addSyncedJiraInstance,
  callError,
  callOk,
  jiraIssueCount,
  startMcpJiraHarness,
  tenantRows,
  type McpJiraHarness,
} from './mcp-jira-harness.ts';

interface Written {
  instance_id: string;
  key: string;
  url: string;
  synced: boolean;
  issue: { key: string; summary: string; status: string; assignee: { account_id: string } | null } | null;
}

interface JiraIssue {
  id: string;
  key: string;
  fields: {
    status: { name: string };
    assignee: { accountId: string } | null;
    description?: unknown;
    [field: string]: unknown;
  };
}

/** Writes through MCP: each one checked in the Jira fake and, at once, in the synced tables. */
describe('MCP Jira write tools', () => {
  let h: McpJiraHarness;
  let instanceId: string;
  let client: Client;

  beforeAll(async () => {
    h = await startMcpJiraHarness({ size: 60 });
    instanceId = await addSyncedJiraInstance(h, 'Jira');
    client = await h.client(h.writer.token);
  });
  afterAll(() => h.close());

  const fakeIssue = async (key: string): Promise<JiraIssue> =>
    (await h.jira<JiraIssue>('GET', `/rest/api/3/issue/${key}`)).body;

  const workItem = async (key: string) =>
    (
      await tenantRows(
        h.t.ctx,
        h.admin.tenantId,
        sql<{ title: string; original_status: string; assignee_account_id: string | null; labels: string[] }>`
          select title, original_status, assignee_account_id, labels from work_items
          where tenant_id = ${h.admin.tenantId}::uuid and instance_id = ${instanceId}::uuid and source_key = ${key}`,
      )
    )[0];

  const create = (summary: string, extra: Record<string, unknown> = {}) =>
    callOk<Written>(client, 'jira_create_issue', { project_key: 'DATA', summary, ...extra });

  it('creates an issue (plain-text description, custom field) that Jira and work_items both hold at once', async () => {
    const before = jiraIssueCount(h);
    const users = await callOk<{ users: Array<{ account_id: string }> }>(client, 'jira_search_users', {
      query: 'maria',
    });
    const assignee = users.users[0]!.account_id;
    const created = await create('Backfill the orders table', {
      issue_type: 'Bug',
      description: 'First line\nsecond line\n\nA new paragraph.',
      priority: 'High',
      assignee_account_id: assignee,
      labels: ['backend', 'regression'],
      fields: { customfield_10016: 5 },
    });
    expect(created).toEqual({
      instance_id: instanceId,
      key: expect.stringMatching(/^DATA-\d+$/),
      url: `${h.sandbox.urls.jira}/browse/${created.key}`,
      synced: true,
      issue: expect.objectContaining({
        key: created.key,
        summary: 'Backfill the orders table',
        status: 'To Do',
        type: 'Bug',
        priority: 'High',
        labels: ['backend', 'regression'],
        assignee: expect.objectContaining({ account_id: assignee }),
      }),
    });
    expect(jiraIssueCount(h)).toBe(before + 1);
    const stored = await fakeIssue(created.key);
    expect(stored.fields).toMatchObject({
      summary: 'Backfill the orders table',
      description: textToAdf('First line\nsecond line\n\nA new paragraph.'),
      customfield_10016: 5,
      priority: { name: 'High' },
    });
    expect(await workItem(created.key)).toEqual({
      title: 'Backfill the orders table',
      original_status: 'To Do',
      assignee_account_id: assignee,
      labels: ['backend', 'regression'],
    });

    const adf = {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Rich' }] }],
    };
    const rich = await create('With an ADF description', { description: adf });
    expect((await fakeIssue(rich.key)).fields.description).toEqual(adf);
  });

  it('passes Jira’s field errors back as upstream_4xx and creates nothing', async () => {
    const before = jiraIssueCount(h);
    const error = await callError(client, 'jira_create_issue', {
      project_key: 'DATA',
      summary: 'Bad priority',
      priority: 'Urgentest',
    });
    expect(error).toMatchObject({
      code: 'upstream_4xx',
      message: 'jira answered 400: priority: The priority selected is invalid.',
      details: { upstream_status: 400 },
    });
    expect(jiraIssueCount(h)).toBe(before);
  });

  it('updates fields, and a write drops the cached reads of its instance', async () => {
    const { key } = await create('Rotate the TLS certificates', { labels: ['infra'] });
    const read = () => callOk<{ issue: { summary: string } }>(client, 'jira_get_issue', { issue_key: key });
    expect((await read()).issue.summary).toBe('Rotate the TLS certificates');
    // Changed behind MCP's back: the cached read still answers the old summary.
    expect(
      (await h.jira('PUT', `/rest/api/3/issue/${key}`, { fields: { summary: 'Changed in Jira' } })).status,
    ).toBe(204);
    expect((await read()).issue.summary).toBe('Rotate the TLS certificates');

    const updated = await callOk<Written & { updated_fields: string[] }>(client, 'jira_update_issue', {
      issue_key: key,
      summary: 'Rotate the TLS certificates (all regions)',
      labels: ['infra', 'security'],
      fields: { duedate: '2026-07-01' },
    });
    expect(updated).toMatchObject({ key, synced: true, updated_fields: ['duedate', 'summary', 'labels'] });
    expect(updated.issue?.summary).toBe('Rotate the TLS certificates (all regions)');
    expect((await fakeIssue(key)).fields).toMatchObject({
      duedate: '2026-07-01',
      labels: ['infra', 'security'],
    });
    expect(await workItem(key)).toMatchObject({
      title: 'Rotate the TLS certificates (all regions)',
      labels: ['infra', 'security'],
    });
    expect((await read()).issue.summary).toBe('Rotate the TLS certificates (all regions)');
    expect((await callError(client, 'jira_update_issue', { issue_key: key })).code).toBe('validation_error');
  });

  it('transitions by status name in any case, transition name or id; transitions and comments reach the tables at once', async () => {
    const { key } = await create('Move me along');
    const started = await callOk<Written & { transition: Record<string, string>; comment_id: string | null }>(
      client,
      'jira_transition_issue',
      { issue_key: key, to: 'in progress', comment: 'Picked up.\n\nStarting today.' },
    );
    expect(started).toMatchObject({
      key,
      synced: true,
      transition: {
        id: '21',
        name: 'Start progress',
        to_status: 'In Progress',
        to_category: 'indeterminate',
      },
      comment_id: expect.any(String),
      issue: expect.objectContaining({ status: 'In Progress' }),
    });
    expect((await fakeIssue(key)).fields.status.name).toBe('In Progress');
    const comments = await h.jira<{ comments: Array<{ id: string; body: unknown }> }>(
      'GET',
      `/rest/api/3/issue/${key}/comment`,
    );
    expect(comments.body.comments).toEqual([
      expect.objectContaining({ id: started.comment_id, body: textToAdf('Picked up.\n\nStarting today.') }),
    ]);

    await callOk(client, 'jira_transition_issue', { issue_key: key, to: '31' });
    await callOk(client, 'jira_transition_issue', { issue_key: key, to: 'DONE' });
    expect((await fakeIssue(key)).fields.status.name).toBe('Done');

    const history = await tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<{ from_original: string | null; to_original: string }>`
        select t.from_original, t.to_original from work_item_transitions t
        join work_items w on w.tenant_id = t.tenant_id and w.id = t.work_item_id
        where w.tenant_id = ${h.admin.tenantId}::uuid and w.source_key = ${key} order by t.transitioned_at, t.source_event_id`,
    );
    expect(history).toEqual([
      { from_original: 'To Do', to_original: 'In Progress' },
      { from_original: 'In Progress', to_original: 'In Review' },
      { from_original: 'In Review', to_original: 'Done' },
    ]);
    const stored = await tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<{ source_id: string; body: string }>`
        select c.source_id, c.body from work_item_comments c
        join work_items w on w.tenant_id = c.tenant_id and w.id = c.work_item_id
        where w.tenant_id = ${h.admin.tenantId}::uuid and w.source_key = ${key}`,
    );
    expect(stored).toEqual([{ source_id: started.comment_id, body: 'Picked up.\nStarting today.' }]);
    expect(await workItem(key)).toMatchObject({ original_status: 'Done' });
  });

  it('refuses an impossible transition, listing the possible ones, and leaves the issue alone', async () => {
    const { key } = await create('Not done yet');
    const error = await callError(client, 'jira_transition_issue', { issue_key: key, to: 'In Review' });
    expect(error).toEqual({
      code: 'validation_error',
      message: `${key} cannot move to 'In Review' from its current status; possible: 'In Progress' (transition 'Start progress', id 21)`,
      details: {
        possible: [
          { id: '21', name: 'Start progress', to_status: 'In Progress', to_category: 'indeterminate' },
        ],
      },
      request_id: expect.any(String),
    });
    expect((await fakeIssue(key)).fields.status.name).toBe('To Do');
  });

  it('comments with plain text (converted to ADF), visible in work_item_comments at once', async () => {
    const { key } = await create('Needs a comment');
    const added = await callOk<{ comment: { id: string; body: string }; synced: boolean; issue_key: string }>(
      client,
      'jira_add_comment',
      { issue_key: key, body: 'Line one\nline two' },
    );
    expect(added).toMatchObject({ issue_key: key, synced: true, comment: { body: 'Line one\nline two' } });
    const fake = await h.jira<{ comments: Array<{ id: string; body: unknown }> }>(
      'GET',
      `/rest/api/3/issue/${key}/comment`,
    );
    expect(fake.body.comments).toEqual([
      expect.objectContaining({ id: added.comment.id, body: textToAdf('Line one\nline two') }),
    ]);
    const stored = await tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<{ body: string }>`
        select c.body from work_item_comments c join work_items w on w.tenant_id = c.tenant_id and w.id = c.work_item_id
        where w.tenant_id = ${h.admin.tenantId}::uuid and w.source_key = ${key} and c.source_id = ${added.comment.id}`,
    );
    expect(stored).toEqual([{ body: 'Line one\nline two' }]);
  });

  it('assigns and unassigns', async () => {
    const { key } = await create('Who takes it?');
    const users = await callOk<{ users: Array<{ account_id: string }> }>(client, 'jira_search_users', {
      query: 'a',
    });
    const accountId = users.users[0]!.account_id;
    const assigned = await callOk<Written>(client, 'jira_assign_issue', {
      issue_key: key,
      account_id: accountId,
    });
    expect(assigned.issue?.assignee?.account_id).toBe(accountId);
    expect((await fakeIssue(key)).fields.assignee?.accountId).toBe(accountId);
    expect(await workItem(key)).toMatchObject({ assignee_account_id: accountId });
    await callOk(client, 'jira_assign_issue', { issue_key: key, account_id: null });
    expect((await fakeIssue(key)).fields.assignee).toBeNull();
    expect(await workItem(key)).toMatchObject({ assignee_account_id: null });
  });

  it('links by type name in any case or by phrase; an unknown type lists the valid ones', async () => {
    const a = await create('Blocker');
    const b = await create('Blocked');
    const linked = await callOk(client, 'jira_link_issues', {
      from_key: a.key,
      to_key: b.key,
      link_type: 'blocks',
    });
    expect(linked).toEqual({
      instance_id: instanceId,
      link_type: 'Blocks',
      from_key: a.key,
      to_key: b.key,
      description: `${a.key} blocks ${b.key}`,
      synced: true,
    });
    // The fake renders link ends the other way round from Jira Cloud (see the adapter's tests), so the
    // direction is checked in its changelog, which words the link as Jira does.
    const changes = await h.jira<{ values: Array<{ items: Array<{ field: string; toString?: string }> }> }>(
      'GET',
      `/rest/api/3/issue/${a.key}/changelog`,
    );
    expect(changes.body.values.flatMap((v) => v.items).filter((i) => i.field === 'Link')).toEqual([
      expect.objectContaining({ toString: `This issue blocks ${b.key}` }),
    ]);
    const links = await tenantRows(
      h.t.ctx,
      h.admin.tenantId,
      sql<{ source_key: string; link_type: string; direction: string; target_key: string }>`
        select w.source_key, l.link_type, l.direction, l.target_key from work_item_links l
        join work_items w on w.tenant_id = l.tenant_id and w.id = l.work_item_id
        where w.tenant_id = ${h.admin.tenantId}::uuid and w.source_key in (${a.key}, ${b.key}) order by w.source_key`,
    );
    expect(
      links.map(({ source_key, link_type, target_key }) => ({ source_key, link_type, target_key })),
    ).toEqual([
      { source_key: a.key, link_type: 'Blocks', target_key: b.key },
      { source_key: b.key, link_type: 'Blocks', target_key: a.key },
    ]);
    expect(links[0]?.direction).not.toBe(links[1]?.direction);

    const swapped = await callOk(client, 'jira_link_issues', {
      from_key: a.key,
      to_key: b.key,
      link_type: 'Is Cloned By',
    });
    expect(swapped).toMatchObject({
      link_type: 'Cloners',
      from_key: b.key,
      to_key: a.key,
      description: `${b.key} clones ${a.key}`,
    });

    const fakeTypes = await h.jira<{ issueLinkTypes: Array<{ name: string }> }>(
      'GET',
      '/rest/api/3/issueLinkType',
    );
    const unknown = await callError(client, 'jira_link_issues', {
      from_key: a.key,
      to_key: b.key,
      link_type: 'Depends on',
    });
    expect(unknown.code).toBe('validation_error');
    expect(unknown.message).toMatch(/^unknown link type 'Depends on'; valid types: Blocks/);
    expect((unknown.details?.valid as Array<{ name: string }>).map((t) => t.name)).toEqual(
      fakeTypes.body.issueLinkTypes.map((t) => t.name),
    );
  });
});

import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract, expectJiraError, q, useJira, type JiraFixture } from './harness.ts';

const jira = useJira({ seed: 7 });
const ISSUE = '/rest/api/3/issue/{issueIdOrKey}';

async function newIssue(f: JiraFixture, summary: string): Promise<string> {
  const created = await f.request('POST', '/rest/api/3/issue', {
    body: { fields: { project: { key: 'WEB' }, issuetype: { name: 'Task' }, summary } },
  });
  expect(created.status).toBe(201);
  return (created.body as { key: string }).key;
}

describe('Jira responses match the published description', () => {
  let receiver: Server;
  let receiverUrl = '';

  beforeAll(async () => {
    receiver = createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/hook`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('GET /search/jql: ids only, full fields with changelog, bad JQL, no credentials', async () => {
    const f = jira();
    const ids = await f.request(
      'GET',
      `/rest/api/3/search/jql?jql=${q('project = PAY ORDER BY key')}&maxResults=5`,
    );
    expectContract(ids, 'GET', '/rest/api/3/search/jql');
    const idPage = ids.body as { issues: object[]; isLast: boolean; nextPageToken: string };
    expect(idPage.isLast).toBe(false);
    expect(idPage.nextPageToken).toEqual(expect.any(String));
    expect(idPage.issues.map((i) => Object.keys(i))).toEqual([['id'], ['id'], ['id'], ['id'], ['id']]);

    const full = await f.request(
      'GET',
      `/rest/api/3/search/jql?jql=${q('project = OPS ORDER BY updated DESC')}&maxResults=20&fields=*all&expand=changelog,names,transitions`,
    );
    expectContract(full, 'GET', '/rest/api/3/search/jql');

    const bad = await f.request('GET', `/rest/api/3/search/jql?jql=${q('project = = PAY')}`);
    expectContract(bad, 'GET', '/rest/api/3/search/jql');
    expect(bad.status).toBe(400);

    const anonymous = await f.request('GET', `/rest/api/3/search/jql?jql=${q('project = PAY')}`, {
      auth: null,
    });
    expectContract(anonymous, 'GET', '/rest/api/3/search/jql');
    expect(anonymous.status).toBe(401);
  });

  it('POST /search/jql and approximate-count', async () => {
    const f = jira();
    const page = await f.request('POST', '/rest/api/3/search/jql', {
      body: {
        jql: 'project = MOB AND statusCategory != done ORDER BY priority DESC',
        maxResults: 10,
        fields: ['summary', 'status', 'priority'],
      },
    });
    expectContract(page, 'POST', '/rest/api/3/search/jql');
    expect(page.status).toBe(200);
    const unknownMember = await f.request('POST', '/rest/api/3/search/jql', {
      body: { jql: 'project = MOB', startAt: 5 },
    });
    expectContract(unknownMember, 'POST', '/rest/api/3/search/jql');
    expectJiraError(unknownMember, 400, ['Unrecognized field "startAt" in the request body.']);
    const count = await f.request('POST', '/rest/api/3/search/approximate-count', {
      body: { jql: 'project = MOB' },
    });
    expectContract(count, 'POST', '/rest/api/3/search/approximate-count');
    expect((count.body as { count: number }).count).toBeGreaterThan(0);
  });

  it('GET, PUT and DELETE /issue/{key}, POST /issue', async () => {
    const f = jira();
    const key = await newIssue(f, 'Contract: issue lifecycle');
    const got = await f.request('GET', `/rest/api/3/issue/${key}?expand=changelog,names`);
    expectContract(got, 'GET', ISSUE);
    expect(got.status).toBe(200);
    const generated = await f.request('GET', '/rest/api/3/issue/PAY-3');
    expectContract(generated, 'GET', ISSUE);

    const missing = await f.request('GET', '/rest/api/3/issue/PAY-999999');
    expectContract(missing, 'GET', ISSUE);
    expectJiraError(missing, 404, ['Issue does not exist or you do not have permission to see it.']);

    const put = await f.request('PUT', `/rest/api/3/issue/${key}`, {
      body: { fields: { summary: 'Contract: renamed', labels: ['api'] } },
    });
    expectContract(put, 'PUT', ISSUE);
    expect(put.status).toBe(204);
    const badPut = await f.request('PUT', `/rest/api/3/issue/${key}`, {
      body: { fields: { status: { name: 'Done' } } },
    });
    expectContract(badPut, 'PUT', ISSUE);
    expectJiraError(badPut, 400, [], {
      status: "Field 'status' cannot be set. It is not on the appropriate screen, or unknown.",
    });

    const badCreate = await f.request('POST', '/rest/api/3/issue', {
      body: { fields: { project: { key: 'WEB' } } },
    });
    expectContract(badCreate, 'POST', '/rest/api/3/issue');
    expect(badCreate.status).toBe(400);

    const deleted = await f.request('DELETE', `/rest/api/3/issue/${key}`);
    expectContract(deleted, 'DELETE', ISSUE);
    expect(deleted.status).toBe(204);
    const gone = await f.request('DELETE', `/rest/api/3/issue/${key}`);
    expectContract(gone, 'DELETE', ISSUE);
    expect(gone.status).toBe(404);
  });

  it('transitions, assignee, comments and changelog', async () => {
    const f = jira();
    const key = await newIssue(f, 'Contract: workflow');
    const list = await f.request('GET', `/rest/api/3/issue/${key}/transitions`);
    expectContract(list, 'GET', `${ISSUE}/transitions`);
    const move = await f.request('POST', `/rest/api/3/issue/${key}/transitions`, {
      body: { transition: { id: '21' } },
    });
    expectContract(move, 'POST', `${ISSUE}/transitions`);
    expect(move.status).toBe(204);
    const invalid = await f.request('POST', `/rest/api/3/issue/${key}/transitions`, {
      body: { transition: { id: '71' } },
    });
    expectContract(invalid, 'POST', `${ISSUE}/transitions`);
    expect(invalid.status).toBe(400);

    const me = (await f.request('GET', '/rest/api/3/myself')).body as { accountId: string };
    const assign = await f.request('PUT', `/rest/api/3/issue/${key}/assignee`, {
      body: { accountId: me.accountId },
    });
    expectContract(assign, 'PUT', `${ISSUE}/assignee`);
    expect(assign.status).toBe(204);
    const badAssign = await f.request('PUT', `/rest/api/3/issue/${key}/assignee`, {
      body: { accountId: 'nobody' },
    });
    expectContract(badAssign, 'PUT', `${ISSUE}/assignee`);
    expect(badAssign.status).toBe(400);

    const body = {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Looks good.' }] }],
    };
    const comment = await f.request('POST', `/rest/api/3/issue/${key}/comment`, { body: { body } });
    expectContract(comment, 'POST', `${ISSUE}/comment`);
    expect(comment.status).toBe(201);
    const plain = await f.request('POST', `/rest/api/3/issue/${key}/comment`, {
      body: { body: 'plain text' },
    });
    expectContract(plain, 'POST', `${ISSUE}/comment`);
    expect(plain.status).toBe(400);
    const comments = await f.request('GET', `/rest/api/3/issue/${key}/comment`);
    expectContract(comments, 'GET', `${ISSUE}/comment`);
    const noComments = await f.request('GET', '/rest/api/3/issue/NOPE-1/comment');
    expectContract(noComments, 'GET', `${ISSUE}/comment`);
    expect(noComments.status).toBe(404);

    const changelog = await f.request('GET', `/rest/api/3/issue/${key}/changelog`);
    expectContract(changelog, 'GET', `${ISSUE}/changelog`);
    expect(changelog.body).toMatchObject({ total: 2, isLast: true, startAt: 0 });
    const noChangelog = await f.request('GET', '/rest/api/3/issue/PAY-0/changelog');
    expectContract(noChangelog, 'GET', `${ISSUE}/changelog`);
    expect(noChangelog.status).toBe(404);
  });

  it('issue links and link types', async () => {
    const f = jira();
    const a = await newIssue(f, 'Contract: blocker');
    const b = await newIssue(f, 'Contract: blocked');
    const link = await f.request('POST', '/rest/api/3/issueLink', {
      body: { type: { name: 'Blocks' }, outwardIssue: { key: a }, inwardIssue: { key: b } },
    });
    expectContract(link, 'POST', '/rest/api/3/issueLink');
    expect(link.status).toBe(201);
    expect(link.text).toBe('');
    const missing = await f.request('POST', '/rest/api/3/issueLink', {
      body: { type: { name: 'Blocks' }, outwardIssue: { key: a }, inwardIssue: { key: 'WEB-999999' } },
    });
    expectContract(missing, 'POST', '/rest/api/3/issueLink');
    expectJiraError(missing, 404, ['Issue Does Not Exist']);
    const types = await f.request('GET', '/rest/api/3/issueLinkType');
    expectContract(types, 'GET', '/rest/api/3/issueLinkType');
    expect((types.body as { issueLinkTypes: { name: string }[] }).issueLinkTypes.map((t) => t.name)).toEqual([
      'Blocks',
      'Cloners',
      'Duplicate',
      'Relates',
    ]);
  });

  it('projects, users, fields, server info and reference data', async () => {
    const f = jira();
    const projects = await f.request(
      'GET',
      '/rest/api/3/project/search?expand=description,lead,issueTypes,insight&maxResults=4',
    );
    expectContract(projects, 'GET', '/rest/api/3/project/search');
    expect(projects.body).toMatchObject({ total: 6, maxResults: 4, isLast: false });
    const project = await f.request('GET', '/rest/api/3/project/PAY');
    expectContract(project, 'GET', '/rest/api/3/project/{projectIdOrKey}');
    const noProject = await f.request('GET', '/rest/api/3/project/NOPE');
    expectContract(noProject, 'GET', '/rest/api/3/project/{projectIdOrKey}');
    expect(noProject.status).toBe(404);

    const myself = await f.request('GET', '/rest/api/3/myself');
    expectContract(myself, 'GET', '/rest/api/3/myself');
    const anonymous = await f.request('GET', '/rest/api/3/myself', { auth: null });
    expectContract(anonymous, 'GET', '/rest/api/3/myself');
    expect(anonymous.status).toBe(401);

    const users = await f.request('GET', '/rest/api/3/user/search?query=maria');
    expectContract(users, 'GET', '/rest/api/3/user/search');
    expect((users.body as { displayName: string }[]).map((u) => u.displayName)).toEqual(['Maria Novak']);
    const noQuery = await f.request('GET', '/rest/api/3/user/search');
    expectContract(noQuery, 'GET', '/rest/api/3/user/search');
    expect(noQuery.status).toBe(400);

    for (const path of [
      '/rest/api/3/field',
      '/rest/api/3/serverInfo',
      '/rest/api/3/issuetype',
      '/rest/api/3/priority',
      '/rest/api/3/status',
    ]) {
      const reply = await f.request('GET', path);
      expect(reply.status).toBe(200);
      expectContract(reply, 'GET', path);
    }
  });

  it('webhooks: register, list, refresh, delete', async () => {
    const f = jira();
    const registered = await f.request('POST', '/rest/api/3/webhook', {
      body: {
        url: receiverUrl,
        webhooks: [
          { events: ['jira:issue_created'], jqlFilter: 'project = PAY' },
          { events: ['comment_created'], jqlFilter: 'project = = PAY' },
        ],
      },
    });
    expectContract(registered, 'POST', '/rest/api/3/webhook');
    const results = (
      registered.body as { webhookRegistrationResult: { createdWebhookId?: number; errors?: string[] }[] }
    ).webhookRegistrationResult;
    expect(results[0]?.createdWebhookId).toEqual(expect.any(Number));
    expect(results[1]?.errors?.[0]).toMatch(/^The JQL filter is invalid: Error in the JQL Query/);
    const bad = await f.request('POST', '/rest/api/3/webhook', {
      body: { url: receiverUrl, webhooks: [{ events: ['nope'], jqlFilter: '' }] },
    });
    expectContract(bad, 'POST', '/rest/api/3/webhook');
    expect(bad.status).toBe(400);

    const listed = await f.request('GET', '/rest/api/3/webhook');
    expectContract(listed, 'GET', '/rest/api/3/webhook');
    const refreshed = await f.request('PUT', '/rest/api/3/webhook/refresh', {
      body: { webhookIds: [results[0]?.createdWebhookId] },
    });
    expectContract(refreshed, 'PUT', '/rest/api/3/webhook/refresh');
    const removed = await f.request('DELETE', '/rest/api/3/webhook', {
      body: { webhookIds: [results[0]?.createdWebhookId] },
    });
    expectContract(removed, 'DELETE', '/rest/api/3/webhook');
    expect(removed.status).toBe(202);
    expect((await f.request('GET', '/rest/api/3/webhook')).body).toMatchObject({ total: 0, values: [] });
  });
});

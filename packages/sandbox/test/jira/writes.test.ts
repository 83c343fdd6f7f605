import { describe, expect, it } from 'vitest';
import { expectJiraError, q, useJira, type JiraFixture, type SearchBody } from './harness.ts';

const jira = useJira({ seed: 5 });

type Issue = { id: string; key: string; fields: Record<string, unknown> };

async function create(f: JiraFixture, fields: Record<string, unknown>): Promise<string> {
  const reply = await f.request('POST', '/rest/api/3/issue', { body: { fields } });
  expect(reply.status).toBe(201);
  const body = reply.body as { id: string; key: string; self: string };
  expect(body.self).toBe(`${f.url}/rest/api/3/issue/${body.id}`);
  return body.key;
}

async function issue(f: JiraFixture, key: string, query = ''): Promise<Issue> {
  const reply = await f.request('GET', `/rest/api/3/issue/${key}${query}`);
  expect(reply.status).toBe(200);
  return reply.body as Issue;
}

async function transitions(f: JiraFixture, key: string): Promise<string[]> {
  const body = (await f.request('GET', `/rest/api/3/issue/${key}/transitions`)).body as {
    transitions: { id: string; name: string }[];
  };
  return body.transitions.map((t) => `${t.id}:${t.name}`);
}

const doc = (text: string): object => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

describe('writes', () => {
  it('an edit is visible to reads, moves `updated` and is found by an updated query', async () => {
    const f = jira();
    const key = await create(f, {
      project: { key: 'PAY' },
      issuetype: { name: 'Bug' },
      summary: 'Refund totals are off by one cent',
    });
    const before = await issue(f, key);
    expect(before.fields.summary).toBe('Refund totals are off by one cent');
    expect(before.fields.status).toMatchObject({ name: 'To Do', statusCategory: { key: 'new', id: 2 } });
    expect(before.fields.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/);

    const put = await f.request('PUT', `/rest/api/3/issue/${key}`, {
      body: {
        fields: {
          summary: 'Refund totals are off by two cents',
          priority: { name: 'High' },
          labels: ['payments-core'],
        },
        update: { labels: [{ add: 'regression' }] },
      },
    });
    expect(put.status).toBe(204);
    const after = await issue(f, key, '?expand=changelog');
    expect(after.fields).toMatchObject({
      summary: 'Refund totals are off by two cents',
      priority: { name: 'High' },
      labels: ['payments-core', 'regression'],
    });
    expect(
      Date.parse(String(after.fields.updated).replace(/(\d{2})(\d{2})$/, '$1:$2')),
    ).toBeGreaterThanOrEqual(Date.parse(String(before.fields.updated).replace(/(\d{2})(\d{2})$/, '$1:$2')));
    const log = (
      after as unknown as {
        changelog: {
          total: number;
          histories: { items: { field: string; fromString?: string; toString?: string }[] }[];
        };
      }
    ).changelog;
    expect(log.total).toBe(1);
    expect(log.histories[0]?.items).toEqual([
      {
        field: 'summary',
        fieldtype: 'jira',
        fieldId: 'summary',
        fromString: 'Refund totals are off by one cent',
        toString: 'Refund totals are off by two cents',
      },
      { field: 'labels', fieldtype: 'jira', fieldId: 'labels', toString: 'payments-core regression' },
      {
        field: 'priority',
        fieldtype: 'jira',
        fieldId: 'priority',
        from: '3',
        fromString: 'Medium',
        to: '2',
        toString: 'High',
      },
    ]);
    const found = (
      await f.request(
        'GET',
        `/rest/api/3/search/jql?jql=${q('project = PAY AND updated >= -5m AND labels = regression AND priority = High')}&fields=summary`,
      )
    ).body as SearchBody;
    expect(found.issues.map((i) => i.key)).toContain(key);

    const returned = await f.request('PUT', `/rest/api/3/issue/${key}?returnIssue=true`, {
      body: { fields: { summary: 'Refund totals fixed' } },
    });
    expect(returned.status).toBe(200);
    expect((returned.body as Issue).fields.summary).toBe('Refund totals fixed');
  });

  it('transitions follow the project workflow, with resolution bookkeeping', async () => {
    const f = jira();
    const key = await create(f, {
      project: { key: 'WEB' },
      issuetype: { name: 'Story' },
      summary: 'Dark mode for settings',
    });
    expect(await transitions(f, key)).toEqual(['21:Start progress']);
    expectJiraError(
      await f.request('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id: '41' } } }),
      400,
      ["Transition id '41' is not valid for this issue."],
    );
    expectJiraError(await f.request('POST', `/rest/api/3/issue/${key}/transitions`, { body: {} }), 400, [
      "Missing 'transition' identifier",
    ]);

    expect(
      (
        await f.request('POST', `/rest/api/3/issue/${key}/transitions`, {
          body: { transition: { id: '21' } },
        })
      ).status,
    ).toBe(204);
    expect(await transitions(f, key)).toEqual(['31:Request review', '41:Done', '61:Stop progress']);
    expect(
      (
        await f.request('POST', `/rest/api/3/issue/${key}/transitions`, {
          body: { transition: { id: '31' } },
        })
      ).status,
    ).toBe(204);
    expect(
      (await f.request('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id: 41 } } }))
        .status,
    ).toBe(204);
    const done = await issue(f, key);
    expect(done.fields.status).toMatchObject({ name: 'Done', statusCategory: { key: 'done', id: 3 } });
    expect(done.fields.resolution).toMatchObject({ name: 'Done', id: '10000' });
    expect(done.fields.resolutiondate).toEqual(expect.any(String));
    expect(await transitions(f, key)).toEqual(['71:Reopen']);

    expect(
      (
        await f.request('POST', `/rest/api/3/issue/${key}/transitions`, {
          body: { transition: { id: '71' } },
        })
      ).status,
    ).toBe(204);
    const reopened = await issue(f, key, '?expand=changelog');
    expect(reopened.fields).toMatchObject({
      status: { name: 'To Do' },
      resolution: null,
      resolutiondate: null,
    });
    const items = (
      reopened as unknown as { changelog: { histories: { items: { field: string; toString?: string }[] }[] } }
    ).changelog.histories.map((h) =>
      h.items.map((i) => `${i.field}>${Object.hasOwn(i, 'toString') ? String(i.toString) : ''}`).join(' '),
    );
    expect(items).toEqual([
      'status>To Do resolution>',
      'status>Done resolution>Done',
      'status>In Review',
      'status>In Progress',
    ]);

    const ops = await create(f, {
      project: { key: 'OPS' },
      issuetype: { name: 'Task' },
      summary: 'Rotate the VPN certificate',
    });
    await f.request('POST', `/rest/api/3/issue/${ops}/transitions`, { body: { transition: { id: '11' } } });
    expect(await transitions(f, ops)).toEqual(['21:Block', '41:Resolve', '51:Stop progress']);
  });

  it('validates creates as Jira does, and links sub-tasks to their parent', async () => {
    const f = jira();
    expectJiraError(await f.request('POST', '/rest/api/3/issue', { body: { fields: {} } }), 400, [], {
      project: 'Specify a valid project ID or key',
      issuetype: 'Specify an issue type',
      summary: 'You must specify a summary of the issue.',
    });
    expectJiraError(
      await f.request('POST', '/rest/api/3/issue', {
        body: {
          fields: {
            project: { key: 'PAY' },
            issuetype: { name: 'Sub-task' },
            summary: 'Orphan',
            description: 'plain',
            labels: ['two words'],
          },
        },
      }),
      400,
      [],
      {
        description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
        labels: "The label 'two words' contains spaces which is invalid.",
        parentId: 'Issue type is a sub-task but parent issue key or id not specified.',
      },
    );
    const parent = await create(f, {
      project: { key: 'PAY' },
      issuetype: { name: 'Story' },
      summary: 'Payout reports',
      description: doc('Monthly payout reports.'),
    });
    const child = await create(f, {
      project: { key: 'PAY' },
      issuetype: { name: 'Sub-task' },
      summary: 'CSV export',
      parent: { key: parent },
    });
    const parentIssue = await issue(f, parent, '?fields=subtasks,description');
    expect(parentIssue.fields.subtasks).toEqual([
      expect.objectContaining({
        key: child,
        fields: expect.objectContaining({ summary: 'CSV export' }) as object,
      }),
    ]);
    expect(parentIssue.fields.description).toEqual(doc('Monthly payout reports.'));
    expect((await issue(f, child, '?fields=parent')).fields.parent).toMatchObject({ key: parent });
  });

  it('comments are paginated, ADF only, and move `updated`', async () => {
    const f = jira();
    const key = await create(f, {
      project: { key: 'MOB' },
      issuetype: { name: 'Bug' },
      summary: 'Crash on resume',
    });
    for (const text of ['First', 'Second', 'Third']) {
      const reply = await f.request('POST', `/rest/api/3/issue/${key}/comment`, {
        body: { body: doc(text) },
      });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        body: doc(text),
        author: { emailAddress: 'demo@example.com' },
      });
    }
    const page = (await f.request('GET', `/rest/api/3/issue/${key}/comment?startAt=1&maxResults=1`)).body as {
      total: number;
      startAt: number;
      maxResults: number;
      comments: { body: object }[];
    };
    expect(page).toMatchObject({ total: 3, startAt: 1, maxResults: 1 });
    expect(page.comments.map((c) => c.body)).toEqual([doc('Second')]);
    const newest = (await f.request('GET', `/rest/api/3/issue/${key}/comment?orderBy=-created`)).body as {
      comments: { body: object }[];
    };
    expect(newest.comments.map((c) => c.body)).toEqual([doc('Third'), doc('Second'), doc('First')]);
    expectJiraError(await f.request('POST', `/rest/api/3/issue/${key}/comment`, { body: {} }), 400, [], {
      comment: 'Comment body can not be empty!',
    });
    const found = (
      await f.request('GET', `/rest/api/3/search/jql?jql=${q(`key = ${key} AND comment ~ "second"`)}`)
    ).body as SearchBody;
    expect(found.issues.length).toBe(1);
  });

  it('assignments, links and deletes', async () => {
    const f = jira();
    const a = await create(f, {
      project: { key: 'DATA' },
      issuetype: { name: 'Task' },
      summary: 'Backfill events table',
    });
    const b = await create(f, {
      project: { key: 'DATA' },
      issuetype: { name: 'Task' },
      summary: 'Drop the old events table',
    });
    const maria =
      ((await f.request('GET', '/rest/api/3/user/search?query=maria')).body as { accountId: string }[])[0]
        ?.accountId ?? '';
    expect(
      (await f.request('PUT', `/rest/api/3/issue/${a}/assignee`, { body: { accountId: maria } })).status,
    ).toBe(204);
    expect((await issue(f, a, '?fields=assignee')).fields.assignee).toMatchObject({
      accountId: maria,
      displayName: 'Maria Novak',
    });
    expect(
      (await f.request('PUT', `/rest/api/3/issue/${a}/assignee`, { body: { accountId: null } })).status,
    ).toBe(204);
    const unassigned = (
      await f.request('GET', `/rest/api/3/search/jql?jql=${q(`key = ${a} AND assignee is EMPTY`)}`)
    ).body as SearchBody;
    expect(unassigned.issues.length).toBe(1);

    expect(
      (
        await f.request('POST', '/rest/api/3/issueLink', {
          body: { type: { name: 'Blocks' }, outwardIssue: { key: a }, inwardIssue: { key: b } },
        })
      ).status,
    ).toBe(201);
    const links = (await issue(f, b, '?fields=issuelinks')).fields.issuelinks as {
      type: { name: string };
      outwardIssue?: { key: string };
    }[];
    expect(links).toEqual([
      expect.objectContaining({
        type: expect.objectContaining({ name: 'Blocks' }) as object,
        outwardIssue: expect.objectContaining({ key: a }) as object,
      }),
    ]);
    const bLog = (await f.request('GET', `/rest/api/3/issue/${b}/changelog`)).body as {
      values: { items: { field: string; toString: string }[] }[];
    };
    expect(bLog.values.at(-1)?.items).toEqual([
      {
        field: 'Link',
        fieldtype: 'jira',
        fieldId: 'issuelinks',
        to: a,
        toString: `This issue is blocked by ${a}`,
      },
    ]);

    expect((await f.request('DELETE', `/rest/api/3/issue/${a}`)).status).toBe(204);
    expect((await f.request('GET', `/rest/api/3/issue/${a}`)).status).toBe(404);
    const gone = (
      await f.request(
        'GET',
        `/rest/api/3/search/jql?jql=${q(`project = DATA AND summary ~ "backfill events"`)}&fields=summary`,
      )
    ).body as SearchBody;
    expect(gone.issues.map((i) => i.key)).not.toContain(a);
  });
});

describe('issue keys', () => {
  it('a key past the last issue of a project is 404, never another issue', async () => {
    const f = jira();
    const found = await f.request(
      'GET',
      '/rest/api/3/search/jql?jql=project%20%3D%20PAY%20ORDER%20BY%20key%20DESC&maxResults=1&fields=summary',
    );
    const page = found.body as { issues: Array<{ key: string }> };
    const last = page.issues[0]?.key ?? '';
    expect(last).toMatch(/^PAY-\d+$/);
    const beyond = `PAY-${Number(last.split('-')[1]) + 1}`;
    expect((await f.request('GET', `/rest/api/3/issue/${last}`)).status).toBe(200);
    expect((await f.request('GET', `/rest/api/3/issue/${beyond}`)).status).toBe(404);
  });
});

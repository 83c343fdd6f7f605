import { describe, expect, it } from 'vitest';
import { expectJiraError, q, useJira, type JiraFixture, type SearchBody } from './harness.ts';

const jira = useJira({ seed: 3, jira: { size: 3000 } });

interface Row {
  id: string;
  key: string;
  updated: string;
  created: string;
  priority: string;
}

const PRIORITY_RANK: Record<string, number> = { Highest: 0, High: 1, Medium: 2, Low: 3, Lowest: 4 };

/** Every page of a query (GET or POST), with the fields the ordering checks need. */
async function allPages(
  f: JiraFixture,
  jql: string,
  maxResults: number,
  method: 'GET' | 'POST' = 'GET',
): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let token: string | undefined;
  let pages = 0;
  for (;;) {
    const reply =
      method === 'GET'
        ? await f.request(
            'GET',
            `/rest/api/3/search/jql?jql=${q(jql)}&maxResults=${maxResults}&fields=updated,created,priority${token === undefined ? '' : `&nextPageToken=${token}`}`,
          )
        : await f.request('POST', '/rest/api/3/search/jql', {
            body: {
              jql,
              maxResults,
              fields: ['updated', 'created', 'priority'],
              ...(token === undefined ? {} : { nextPageToken: token }),
            },
          });
    expect(reply.status).toBe(200);
    const page = reply.body as SearchBody;
    pages += 1;
    for (const issue of page.issues) {
      const fields = issue.fields as { updated: string; created: string; priority: { name: string } };
      rows.push({
        id: issue.id,
        key: issue.key ?? '',
        updated: fields.updated,
        created: fields.created,
        priority: fields.priority.name,
      });
    }
    expect(page.isLast).toBe(page.nextPageToken === undefined);
    if (page.isLast) return { rows, pages };
    token = page.nextPageToken;
  }
}

const num = (key: string): number => Number(key.split('-')[1]);
const ms = (stamp: string): number => Date.parse(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

describe('search pagination', () => {
  it('walks every issue of a project exactly once, in order, whatever the sort', async () => {
    const f = jira();
    const count = (
      (await f.request('POST', '/rest/api/3/search/approximate-count', { body: { jql: 'project = PAY' } }))
        .body as { count: number }
    ).count;
    expect(count).toBeGreaterThan(300);

    const byKey = await allPages(f, 'project = PAY ORDER BY key ASC', 100);
    expect(byKey.rows.length).toBe(count);
    expect(new Set(byKey.rows.map((r) => r.id)).size).toBe(count);
    expect(byKey.rows.map((r) => num(r.key))).toEqual([...Array(count).keys()].map((n) => n + 1));
    expect(byKey.pages).toBe(Math.ceil(count / 100));

    const byUpdated = await allPages(
      f,
      'project = PAY AND updated >= "2020-01-01" ORDER BY updated ASC',
      73,
      'POST',
    );
    expect(new Set(byUpdated.rows.map((r) => r.id))).toEqual(new Set(byKey.rows.map((r) => r.id)));
    expect(byUpdated.rows.length).toBe(count);
    const updated = byUpdated.rows.map((r) => ms(r.updated));
    expect(updated).toEqual([...updated].sort((a, b) => a - b));

    const byCreatedDesc = await allPages(f, 'project = PAY ORDER BY created DESC', 250);
    expect(byCreatedDesc.rows.map((r) => r.id)).toEqual([...byKey.rows].reverse().map((r) => r.id));

    const byPriority = await allPages(f, 'project = PAY ORDER BY priority DESC, key ASC', 100);
    expect(new Set(byPriority.rows.map((r) => r.id)).size).toBe(count);
    const ranks = byPriority.rows.map((r) => PRIORITY_RANK[r.priority] ?? 9);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('orders keys across projects by project key, and honours updated ranges at both ends', async () => {
    const f = jira();
    const page = await allPages(f, 'project in (WEB, MOB) AND created >= "-20d" ORDER BY key', 100);
    const projects = page.rows.map((r) => r.key.split('-')[0]);
    expect(projects).toEqual([...projects].sort());
    expect(new Set(projects)).toEqual(new Set(['MOB', 'WEB']));

    const window = await allPages(
      f,
      'project = OPS AND updated >= "2026-04-01" AND updated < "2026-05-01" ORDER BY updated DESC',
      40,
    );
    const times = window.rows.map((r) => ms(r.updated));
    expect(times.length).toBeGreaterThan(0);
    expect(
      times.every((t) => t >= Date.parse('2026-03-31T22:00:00Z') && t < Date.parse('2026-04-30T22:00:00Z')),
    ).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('caps pages: 100 issues with fields, 5000 ids; defaults to 50', async () => {
    const f = jira();
    const withFields = (
      await f.request(
        'GET',
        `/rest/api/3/search/jql?jql=${q('project = WEB')}&maxResults=1000&fields=summary`,
      )
    ).body as SearchBody;
    expect(withFields.issues.length).toBe(100);
    const ids = (
      await f.request('GET', `/rest/api/3/search/jql?jql=${q('project in (WEB, PAY, MOB)')}&maxResults=5000`)
    ).body as SearchBody;
    expect(ids.issues.length).toBeGreaterThan(1000);
    expect(ids.issues.every((i) => Object.keys(i).join() === 'id')).toBe(true);
    const defaults = (await f.request('GET', `/rest/api/3/search/jql?jql=${q('project = WEB')}`))
      .body as SearchBody;
    expect(defaults.issues.length).toBe(50);
  });

  it('refuses tokens that are not ours or belong to another query', async () => {
    const f = jira();
    const first = (
      await f.request('GET', `/rest/api/3/search/jql?jql=${q('project = WEB ORDER BY key')}&maxResults=10`)
    ).body as SearchBody;
    const other = await f.request(
      'GET',
      `/rest/api/3/search/jql?jql=${q('project = PAY ORDER BY key')}&nextPageToken=${first.nextPageToken ?? ''}`,
    );
    expectJiraError(other, 400, ['The provided next page token is invalid or expired.']);
    const junk = await f.request(
      'GET',
      `/rest/api/3/search/jql?jql=${q('project = PAY')}&nextPageToken=garbage`,
    );
    expectJiraError(junk, 400, ['The provided next page token is invalid or expired.']);
  });
});

describe('search fields and expansions', () => {
  it('returns only ids by default, and what `fields` asks for', async () => {
    const f = jira();
    const path = (fields: string): string =>
      `/rest/api/3/search/jql?jql=${q('key = PAY-5')}&fields=${fields}`;
    const idOnly = (await f.request('GET', `/rest/api/3/search/jql?jql=${q('key = PAY-5')}`))
      .body as SearchBody;
    expect(idOnly).toEqual({ issues: [{ id: expect.any(String) as string }], isLast: true });
    const keyOnly = (await f.request('GET', path('key'))).body as SearchBody;
    expect(keyOnly.issues).toEqual([{ id: idOnly.issues[0]?.id, key: 'PAY-5' }]);

    const two = (await f.request('GET', path('summary,status'))).body as SearchBody;
    expect(Object.keys(two.issues[0]?.fields ?? {})).toEqual(['summary', 'status']);
    const minus = (await f.request('GET', path('-description,-comment'))).body as SearchBody;
    const minusKeys = Object.keys(minus.issues[0]?.fields ?? {});
    expect(minusKeys).toContain('summary');
    expect(minusKeys).not.toContain('description');
    expect(minusKeys).not.toContain('comment');
    expect(minusKeys).not.toContain('worklog');
    const all = (await f.request('GET', path('*all,-comment'))).body as SearchBody;
    expect(Object.keys(all.issues[0]?.fields ?? {})).toContain('worklog');
    expect(Object.keys(all.issues[0]?.fields ?? {})).not.toContain('comment');
    const repeated = (await f.request('GET', `${path('summary')}&fields=priority`)).body as SearchBody;
    expect(Object.keys(repeated.issues[0]?.fields ?? {})).toEqual(['summary', 'priority']);
  });

  it('sends pages as ASCII JSON (other characters escaped), which decode to the same names', async () => {
    const f = jira();
    const reply = await f.request(
      'GET',
      `/rest/api/3/search/jql?jql=${q('assignee = "Lukas Dvořák" ORDER BY key')}&maxResults=5&fields=assignee&expand=changelog`,
    );
    expect(reply.status).toBe(200);
    expect([...reply.text].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    expect(reply.text).toContain('Dvo\\u0159\\u00e1k');
    const names = (reply.body as SearchBody).issues.map(
      (i) => (i.fields?.assignee as { displayName: string }).displayName,
    );
    expect(names).toEqual(['Lukas Dvořák', 'Lukas Dvořák', 'Lukas Dvořák', 'Lukas Dvořák', 'Lukas Dvořák']);
  });

  it('inlines at most 40 changelog entries, newest first, with the total', async () => {
    const f = jira();
    const page = (
      await f.request(
        'GET',
        `/rest/api/3/search/jql?jql=${q('project = WEB ORDER BY key')}&maxResults=100&fields=summary&expand=changelog`,
      )
    ).body as SearchBody;
    for (const issue of page.issues) {
      const log = issue.changelog;
      expect(log?.startAt).toBe(0);
      expect(log?.maxResults).toBe(40);
      expect(log?.histories.length).toBe(Math.min(40, log?.total ?? 0));
      const created = (log?.histories ?? []).map((h) => ms(h.created));
      expect(created).toEqual([...created].sort((a, b) => b - a));
    }
  });
});

describe('search errors', () => {
  it('bad JQL, unbounded queries and bad parameters answer 400 with Jira bodies', async () => {
    const f = jira();
    expectJiraError(
      await f.request('GET', `/rest/api/3/search/jql?jql=${q('project = PAY AND (status = Done')}`),
      400,
      ["Error in the JQL Query: Expecting ')' but got the end of the query. (line 1, character 33)"],
    );
    expectJiraError(await f.request('GET', `/rest/api/3/search/jql?jql=${q('ORDER BY key DESC')}`), 400, [
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    ]);
    expectJiraError(await f.request('GET', '/rest/api/3/search/jql'), 400, [
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    ]);
    expectJiraError(
      await f.request('GET', `/rest/api/3/search/jql?jql=${q('project = PAY')}&maxResults=ten`),
      400,
      ["'maxResults' must be an integer."],
    );
  });

  it('malformed JSON is a 400 with a Jira body, never a 500; other media types are refused', async () => {
    const f = jira();
    const message = ['Invalid request payload. Refer to the REST API documentation and try again.'];
    expectJiraError(
      await f.request('POST', '/rest/api/3/search/jql', { raw: '{"jql": "project = PAY",' }),
      400,
      message,
    );
    expectJiraError(await f.request('PUT', '/rest/api/3/issue/PAY-1', { raw: 'not json' }), 400, message);
    expectJiraError(await f.request('POST', '/rest/api/3/issue', { raw: '' }), 400, message);
    expectJiraError(await f.request('POST', '/rest/api/3/search/jql', { raw: '[1,2]' }), 400, message);
    const xml = await f.request('POST', '/rest/api/3/search/jql', {
      raw: '<jql/>',
      headers: { 'content-type': 'application/xml' },
    });
    expectJiraError(xml, 415, ['Unsupported Media Type']);
  });

  it('the removed search endpoints answer 410 Gone', async () => {
    const f = jira();
    const removed = [
      'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
    ];
    expectJiraError(await f.request('GET', `/rest/api/3/search?jql=${q('project = PAY')}`), 410, removed);
    expectJiraError(
      await f.request('POST', '/rest/api/3/search', { body: { jql: 'project = PAY' } }),
      410,
      removed,
    );
    expectJiraError(await f.request('GET', '/rest/api/2/search'), 410, removed);
  });

  it('unknown paths answer 404 with a Jira body', async () => {
    const f = jira();
    const reply = await f.request('GET', '/rest/api/3/nothing-here');
    expectJiraError(reply, 404, [`null for uri: ${f.url}/rest/api/3/nothing-here`]);
  });
});

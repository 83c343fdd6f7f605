import { describe, expect, it } from 'vitest';
import { q, useJira, type JiraFixture, type SearchBody } from './harness.ts';

const jira = useJira({ seed: 9 });

interface ChangelogPage {
  startAt: number;
  maxResults: number;
  total: number;
  isLast: boolean;
  nextPage?: string;
  values: { id: string; created: string }[];
}

async function fullChangelog(
  f: JiraFixture,
  key: string,
  pageSize: number,
): Promise<{ ids: string[]; pages: ChangelogPage[] }> {
  const pages: ChangelogPage[] = [];
  for (let startAt = 0; ; startAt += pageSize) {
    const reply = await f.request(
      'GET',
      `/rest/api/3/issue/${key}/changelog?startAt=${startAt}&maxResults=${pageSize}`,
    );
    expect(reply.status).toBe(200);
    const page = reply.body as ChangelogPage;
    pages.push(page);
    if (page.isLast) break;
  }
  return { ids: pages.flatMap((p) => p.values.map((v) => v.id)), pages };
}

describe('changelog truncation', () => {
  it('search inlines the 40 newest entries; /changelog pages through all of them, oldest first', async () => {
    const f = jira();
    const created = await f.request('POST', '/rest/api/3/issue', {
      body: {
        fields: { project: { key: 'WEB' }, issuetype: { name: 'Task' }, summary: 'Flip-flopping task' },
      },
    });
    const key = (created.body as { key: string }).key;
    // 45 moves back and forth between To Do and In Progress: 45 changelog entries.
    for (let n = 0; n < 45; n++) {
      const id = n % 2 === 0 ? '21' : '61';
      expect(
        (await f.request('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id } } }))
          .status,
      ).toBe(204);
    }
    const search = (
      await f.request('GET', `/rest/api/3/search/jql?jql=${q(`key = ${key}`)}&fields=status&expand=changelog`)
    ).body as SearchBody;
    const inline = search.issues[0]?.changelog;
    expect(inline).toMatchObject({ startAt: 0, maxResults: 40, total: 45 });
    expect(inline?.histories.length).toBe(40);

    const { ids, pages } = await fullChangelog(f, key, 20);
    expect(pages.map((p) => [p.startAt, p.values.length, p.total, p.isLast])).toEqual([
      [0, 20, 45, false],
      [20, 20, 45, false],
      [40, 5, 45, true],
    ]);
    expect(pages[0]?.nextPage).toBe(`${f.url}/rest/api/3/issue/${key}/changelog?maxResults=20&startAt=20`);
    expect(new Set(ids).size).toBe(45);
    // The inline entries are the 40 newest, newest first: the tail of the full log reversed.
    expect(inline?.histories.map((h) => h.id)).toEqual(ids.slice(5).reverse());

    const single = (await f.request('GET', `/rest/api/3/issue/${key}?expand=changelog&fields=status`))
      .body as { changelog: { total: number; histories: unknown[] } };
    expect(single.changelog.total).toBe(45);
    expect(single.changelog.histories.length).toBe(45);
  });

  it('generated issues with long histories are truncated the same way', async () => {
    const f = jira();
    const truncated: { key: string; total: number; inline: string[] }[] = [];
    let token: string | undefined;
    do {
      const page = (
        await f.request(
          'GET',
          `/rest/api/3/search/jql?jql=${q('project in (WEB, PAY, MOB, OPS, DATA, GROW) ORDER BY key')}&maxResults=100&fields=status&expand=changelog${token === undefined ? '' : `&nextPageToken=${token}`}`,
        )
      ).body as SearchBody;
      for (const issue of page.issues) {
        const log = issue.changelog;
        if (log !== undefined && log.total > log.histories.length)
          truncated.push({ key: issue.key ?? '', total: log.total, inline: log.histories.map((h) => h.id) });
      }
      token = page.nextPageToken;
    } while (token !== undefined);
    expect(truncated.length).toBeGreaterThan(0);
    const sample = truncated[0];
    if (sample === undefined) return;
    expect(sample.inline.length).toBe(40);
    const { ids } = await fullChangelog(f, sample.key, 100);
    expect(ids.length).toBe(sample.total);
    expect(sample.inline).toEqual(ids.slice(ids.length - 40).reverse());
  });
});

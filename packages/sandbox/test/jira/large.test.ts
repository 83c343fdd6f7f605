import { describe, expect, it } from 'vitest';
import { q, useJira, type SearchBody } from './harness.ts';

const SIZE = 20_000;
const jira = useJira({ seed: 77, jira: { size: SIZE } });

describe('a large site', () => {
  it(`serves ${SIZE} issues: counts add up and full pages render`, async () => {
    const f = jira();
    const stats = (await f.request('GET', '/_sandbox/stats')).body as {
      data: { issues: number; projects: number };
    };
    expect(stats.data.issues).toBe(SIZE);
    let total = 0;
    for (const key of ['DATA', 'GROW', 'MOB', 'OPS', 'PAY', 'WEB']) {
      total += (
        (
          await f.request('POST', '/rest/api/3/search/approximate-count', {
            body: { jql: `project = ${key}` },
          })
        ).body as { count: number }
      ).count;
    }
    expect(total).toBe(SIZE);
    const page = (
      await f.request(
        'GET',
        `/rest/api/3/search/jql?jql=${q('project = WEB AND updated >= "-365d" ORDER BY updated ASC')}&maxResults=100&fields=*navigable&expand=changelog`,
      )
    ).body as SearchBody;
    expect(page.issues.length).toBe(100);
    expect(page.isLast).toBe(false);
    const statuses = new Set(page.issues.map((i) => (i.fields?.status as { name: string }).name));
    expect(statuses.size).toBeGreaterThan(1);
    const last = (await f.request('GET', `/rest/api/3/issue/WEB-${Math.floor(SIZE * 0.2)}`)).body as {
      key: string;
    };
    expect(last.key).toBe(`WEB-${Math.floor(SIZE * 0.2)}`);
  });
});

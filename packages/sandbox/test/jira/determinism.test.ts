import { afterAll, describe, expect, it } from 'vitest';
import { q, startJira, type JiraFixture } from './harness.ts';

const opened: JiraFixture[] = [];

async function snapshot(seed: number): Promise<string> {
  const f = await startJira({ seed, jira: { size: 1500 } });
  opened.push(f);
  const pages: string[] = [];
  for (const jql of [
    'project = PAY ORDER BY key',
    'project = OPS AND updated >= "2026-03-01" ORDER BY updated DESC',
  ]) {
    const reply = await f.request(
      'GET',
      `/rest/api/3/search/jql?jql=${q(jql)}&maxResults=100&fields=*all&expand=changelog`,
    );
    expect(reply.status).toBe(200);
    pages.push(reply.text);
  }
  const comments = await f.request('GET', '/rest/api/3/issue/WEB-7/comment');
  const changelog = await f.request('GET', '/rest/api/3/issue/WEB-7/changelog');
  // Base URLs differ between instances (ephemeral ports); everything else must be identical.
  return [...pages, comments.text, changelog.text].join('\n').replaceAll(f.url, 'BASE');
}

afterAll(async () => {
  await Promise.all(opened.map((f) => f.sandbox.close()));
});

describe('determinism', () => {
  it('the same seed, size and clock anchor give byte-identical data; another seed does not', async () => {
    const a = await snapshot(1234);
    const b = await snapshot(1234);
    const c = await snapshot(4321);
    expect(a.length).toBeGreaterThan(100_000);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});

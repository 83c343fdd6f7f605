import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceItem } from '../../../src/sources/source-item.ts';
import { call, fetchAll, githubAdapter, listAll, startGithubFake, type GithubFake } from './helpers.ts';

/** Backfill and incremental reads of the GitHub fake: every item once, complete histories, stable cursors. */

interface TruthIssue {
  id: number;
  number: number;
  updated_at: string;
  comments: number;
}
interface TruthEvent {
  id: number;
  event: string;
  created_at: string;
}
interface TruthComment {
  id: number;
  body: string;
  created_at: string;
}

let fake: GithubFake;
let repos: string[];

beforeAll(async () => {
  fake = await startGithubFake(300);
  repos = (await listAll<{ full_name: string }>(fake.url, '/user/repos?per_page=100')).map(
    (r) => r.full_name,
  );
});
afterAll(() => fake.close());

async function truthKeys(repo: string): Promise<string[]> {
  const issues = await listAll<TruthIssue>(fake.url, `/repos/${repo}/issues?state=all&per_page=100`);
  return issues.map((i) => `${repo}#${i.number}`).sort();
}

function keysOf(items: readonly SourceItem[]): string[] {
  return items.map((i) => i.key).sort();
}

describe('github fetchItems', () => {
  it('a paged backfill delivers every item of each repository exactly once, oldest update first', async () => {
    const handle = githubAdapter(fake.url);
    try {
      const stats = await call<{ data: { items: number } }>(fake.url, 'GET', '/_sandbox/stats');
      let total = 0;
      for (const repo of repos) {
        const { items, pages } = await fetchAll(handle.adapter, repo, 37);
        const keys = keysOf(items);
        expect(keys).toEqual(await truthKeys(repo));
        expect(new Set(items.map((i) => i.sourceId)).size).toBe(items.length);
        expect(pages).toBe(Math.ceil(items.length / 37));
        const times = items.map((i) => i.updatedAt.getTime());
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(items.every((i) => i.projectKey === repo)).toBe(true);
        total += items.length;
      }
      expect(total).toBe(stats.body.data.items);
    } finally {
      await handle.close();
    }
  });

  it('each item carries its complete status history and comments, in order', async () => {
    const handle = githubAdapter(fake.url);
    try {
      const repo = repos[0] ?? '';
      const { items } = await fetchAll(handle.adapter, repo, 100);
      let checkedEvents = 0;
      for (const item of items) {
        // The chain: starts open, each change starts where the last ended, ends at the item's status.
        const chain = item.transitions;
        expect(chain.map((t) => t.at.getTime())).toEqual(
          chain.map((t) => t.at.getTime()).sort((a, b) => a - b),
        );
        chain.forEach((t, i) =>
          expect(t.from).toEqual(i === 0 ? { name: 'open', category: 'open' } : chain[i - 1]?.to),
        );
        expect(chain.at(-1)?.to ?? { name: 'open', category: 'open' }).toEqual(item.status);
        const number = Number(item.key.split('#')[1]);
        const comments = await listAll<TruthComment>(
          fake.url,
          `/repos/${repo}/issues/${number}/comments?per_page=100`,
        );
        expect(item.comments.map((c) => [c.sourceId, c.body, c.createdAt.toISOString()])).toEqual(
          comments.map((c) => [String(c.id), c.body, new Date(c.created_at).toISOString()]),
        );
        // Every close, reopen and merge GitHub recorded is a change to that state at that time (a close
        // right after a merge changes nothing; events of one second are one change).
        const events = await listAll<TruthEvent>(
          fake.url,
          `/repos/${repo}/issues/${number}/events?per_page=100`,
        );
        const stateEvents = events.filter(
          (e, i) =>
            ['closed', 'reopened', 'merged'].includes(e.event) &&
            !(e.event === 'closed' && events[i - 1]?.event === 'merged'),
        );
        expect(
          stateEvents.map((e) => [
            e.created_at,
            e.event === 'merged' ? 'merged' : e.event === 'closed' ? 'closed' : 'open',
          ]),
        ).toEqual(
          stateEvents.map((e) => {
            const change = chain.find((t) => t.at.getTime() === Date.parse(e.created_at));
            const category = change?.to.category ?? 'none';
            return [e.created_at, category === 'closed_not_planned' ? 'closed' : category];
          }),
        );
        expect(
          chain.every((t) =>
            events.some((e) => String(e.id) === t.eventId && Date.parse(e.created_at) === t.at.getTime()),
          ),
        ).toBe(true);
        checkedEvents += events.length;
      }
      expect(items.filter((i) => i.status.category === 'merged').length).toBeGreaterThan(0);
      expect(items.filter((i) => i.status.category === 'closed_not_planned').length).toBeGreaterThan(0);
      expect(items.some((i) => i.transitions.some((t) => t.to.name === 'in progress'))).toBe(true);
      expect(checkedEvents).toBeGreaterThan(items.length);
    } finally {
      await handle.close();
    }
  });

  it('a cursor survives a restart: a new adapter continues where the old one stopped', async () => {
    const repo = repos[1] ?? '';
    const first = githubAdapter(fake.url);
    const seen: SourceItem[] = [];
    let cursor: string | null = null;
    try {
      for (let i = 0; i < 2; i++) {
        const page = await first.adapter.fetchItems({
          projectKey: repo,
          pageSize: 25,
          cursor: cursor ?? undefined,
        });
        seen.push(...page.items);
        cursor = page.nextCursor;
      }
    } finally {
      await first.close();
    }
    expect(cursor).not.toBeNull();
    const second = githubAdapter(fake.url);
    try {
      do {
        const page = await second.adapter.fetchItems({
          projectKey: repo,
          pageSize: 25,
          cursor: cursor ?? undefined,
        });
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(keysOf(seen)).toEqual(await truthKeys(repo));
    } finally {
      await second.close();
    }
  });

  it('items updated during a backfill are never skipped, and come again with their new state', async () => {
    const repo = repos[0] ?? '';
    const handle = githubAdapter(fake.url);
    try {
      const delivered: SourceItem[] = [];
      let page = await handle.adapter.fetchItems({ projectKey: repo, pageSize: 30 });
      delivered.push(...page.items);
      const touched = await call<{ changed: string[] }>(fake.url, 'POST', '/_sandbox/mutate', {
        action: 'touch',
        count: 40,
      });
      while (page.nextCursor !== null) {
        page = await handle.adapter.fetchItems({ projectKey: repo, pageSize: 30, cursor: page.nextCursor });
        delivered.push(...page.items);
      }
      const keys = keysOf(delivered);
      expect([...new Set(keys)]).toEqual(await truthKeys(repo));
      const twice = [...new Set(keys.filter((k, i) => keys[i + 1] === k))];
      // The first page held four of the touched items (the fake's seeded choice): they come again.
      expect(twice.length).toBe(4);
      const touchedHere = touched.body.changed.filter((k) => k.startsWith(`${repo}#`));
      expect(twice.every((k) => touchedHere.includes(k))).toBe(true);
      for (const key of twice) {
        const versions = delivered.filter((i) => i.key === key);
        expect(versions[1]?.updatedAt.getTime()).toBeGreaterThan(
          versions[0]?.updatedAt.getTime() ?? Infinity,
        );
      }
    } finally {
      await handle.close();
    }
  });

  it('an incremental read since the data was generated finds exactly the items changed since', async () => {
    const handle = githubAdapter(fake.url);
    try {
      const since = new Date(fake.dataEnd.getTime() + 1000);
      const before: string[] = [];
      for (const repo of repos)
        before.push(...keysOf((await fetchAll(handle.adapter, repo, 50, since)).items));
      const touched = await call<{ changed: string[] }>(fake.url, 'POST', '/_sandbox/mutate', {
        action: 'touch',
        count: 6,
      });
      const created = await call<{ changed: string[] }>(fake.url, 'POST', '/_sandbox/mutate', {
        action: 'create',
        count: 3,
      });
      const after: SourceItem[] = [];
      for (const repo of repos) after.push(...(await fetchAll(handle.adapter, repo, 4, since)).items);
      const expected = [...new Set([...before, ...touched.body.changed, ...created.body.changed])].sort();
      expect(keysOf(after)).toEqual(expected);
      const times = after.map((i) => i.updatedAt.getTime());
      expect(times.every((t) => t >= since.getTime())).toBe(true);
      for (const key of created.body.changed) {
        const item = after.find((i) => i.key === key);
        expect(item?.createdAt.getTime()).toBeGreaterThanOrEqual(since.getTime());
        expect(item?.type).toBe('issue');
      }
    } finally {
      await handle.close();
    }
  });
});

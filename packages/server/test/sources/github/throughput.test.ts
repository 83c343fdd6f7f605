import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fetchAll, githubAdapter, listAll, startGithubFake, type GithubFake } from './helpers.ts';

/** A backfill-sized read, for the figure in its annotation (items/s); asserts completeness, never time. */

let fake: GithubFake;
beforeAll(async () => {
  fake = await startGithubFake(1000);
});
afterAll(() => fake.close());

interface Stats {
  data: { items: number };
  requests: { total: number };
}

describe('github backfill throughput', () => {
  it('reads every repository of a 1,000-item organization with full histories', async ({ annotate }) => {
    const handle = githubAdapter(fake.url);
    try {
      const repos = (await listAll<{ full_name: string }>(fake.url, '/user/repos?per_page=100')).map(
        (r) => r.full_name,
      );
      await call(fake.url, 'POST', '/_sandbox/reset-counters');
      const started = performance.now();
      let items = 0;
      let transitions = 0;
      let comments = 0;
      for (const repo of repos) {
        const read = await fetchAll(handle.adapter, repo, 100);
        items += read.items.length;
        transitions += read.items.reduce((n, i) => n + i.transitions.length, 0);
        comments += read.items.reduce((n, i) => n + i.comments.length, 0);
      }
      const seconds = (performance.now() - started) / 1000;
      const stats = (await call<Stats>(fake.url, 'GET', '/_sandbox/stats')).body;
      expect(items).toBe(stats.data.items);
      await annotate(
        `${items} items (${transitions} transitions, ${comments} comments) in ${seconds.toFixed(2)} s: ` +
          `${Math.round(items / seconds)} items/s, ${stats.requests.total} requests`,
      );
    } finally {
      await handle.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { fetchAll, startLinear, teamIssues } from './linear-harness.ts';

describe('Linear backfill throughput', () => {
  it('reads a 2,000-issue workspace completely and reports items per second', async ({ annotate }) => {
    const h = await startLinear(2000, 99);
    try {
      const teams = ['ENG', 'OPS', 'DES'];
      const truth = (await Promise.all(teams.map((key) => teamIssues(h, key)))).flat();
      const adapter = h.adapter();
      const began = performance.now();
      const keys: string[] = [];
      let pages = 0;
      for (const key of teams) {
        const fetched = await fetchAll(adapter, key, { pageSize: 100 });
        pages += fetched.length;
        keys.push(...fetched.flatMap((p) => p.items.map((i) => i.key)));
      }
      const seconds = (performance.now() - began) / 1000;
      expect(keys.sort()).toEqual(truth.map((t) => t.identifier).sort());
      // A figure for the report, not an assertion: timings depend on the machine and its load.
      await annotate(
        `${keys.length} issues in ${pages} pages, ${seconds.toFixed(2)} s, ${Math.round(keys.length / seconds)} items/s`,
      );
    } finally {
      await h.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { fetchAll, isoOf, jiraAdapter, withJiraFake, type JiraFake } from './jira-fixture.ts';

/** The fake's clock, read from its serverInfo. */
async function serverTime(fake: JiraFake): Promise<Date> {
  const info = await fake.rest<{ serverTime: string }>('GET', '/rest/api/3/serverInfo');
  return new Date(isoOf(info.body.serverTime));
}

/**
 * Keys the fake says a mutation changed whose `updated` really moved to `since` or later: the fake's touch
 * reports no-op edits (an assignee set to the same person) as changes too.
 */
async function reallyUpdated(fake: JiraFake, keys: readonly string[], since: Date): Promise<string[]> {
  const out: string[] = [];
  for (const key of new Set(keys)) {
    const issue = await fake.rest<{ fields: { updated: string } }>(
      'GET',
      `/rest/api/3/issue/${key}?fields=updated`,
    );
    if (new Date(isoOf(issue.body.fields.updated)) >= since) out.push(key);
  }
  return out.sort();
}

describe('jira incremental fetch', () => {
  it('finds exactly the issues updated since an instant, across every project', async () => {
    await withJiraFake(600, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const since = await serverTime(fake);
        const touched = await fake.mutate('touch', 25);
        const created = await fake.mutate('create', 4);
        const expected = await reallyUpdated(fake, [...touched, ...created], since);
        expect(expected.length).toBeGreaterThanOrEqual(20);

        const found: string[] = [];
        for (const project of await adapter.listProjects()) {
          const { items } = await fetchAll(adapter, project.key, { since, pageSize: 3 });
          expect(items.every((i) => i.updatedAt >= since && i.projectKey === project.key)).toBe(true);
          found.push(...items.map((i) => i.key));
        }
        expect(found.sort()).toEqual(expected);
      } finally {
        await adapter.close();
      }
    });
  });

  it('returns an issue’s new transition with the rest of its history after a status change', async () => {
    await withJiraFake(300, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const before = await fetchAll(adapter, 'OPS', { pageSize: 100 });
        const target = before.items.find((i) => i.status.name === 'To Do');
        if (target === undefined) throw new Error('no To Do issue in OPS');
        const since = await serverTime(fake);
        const [start] = await adapter.listTransitions!(target.key);
        if (start === undefined) throw new Error('no transition from To Do');
        await adapter.transition!(target.key, start.id);

        const after = await fetchAll(adapter, 'OPS', { since, pageSize: 100 });
        expect(after.items.map((i) => i.key)).toEqual([target.key]);
        const [item] = after.items;
        expect(item?.transitions.slice(0, -1)).toEqual(target.transitions);
        expect(item?.transitions.at(-1)).toEqual({
          eventId: expect.stringMatching(/^\d+:0$/),
          at: item?.updatedAt,
          actor: expect.objectContaining({ email: 'demo@example.com' }),
          from: { name: 'To Do', category: 'new' },
          to: { name: 'In Progress', category: 'indeterminate' },
        });
        expect(item?.status).toEqual({ name: 'In Progress', category: 'indeterminate' });
      } finally {
        await adapter.close();
      }
    });
  });
});

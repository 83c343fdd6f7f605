import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors/app-error.ts';
import { JIRA_EMAIL, jiraAdapter, withJiraFake } from './jira-fixture.ts';

const ME = { accountId: expect.stringMatching(/^[0-9a-f]{24}$/), displayName: 'Alex Kim', email: JIRA_EMAIL };

describe('jira reads and writes', () => {
  it('creates an issue and reads it back as the fake stores it', async () => {
    await withJiraFake(120, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const [assignee] = (await adapter.listUsers!('maria')) ?? [];
        const item = await adapter.createItem({
          projectKey: 'DATA',
          title: 'Backfill the orders table',
          description: 'First line\nsecond line\n\nA new paragraph.',
          type: 'Bug',
          priority: 'High',
          assigneeAccountId: assignee?.accountId,
          labels: ['backend', 'regression'],
        });
        expect(item).toEqual({
          sourceId: expect.stringMatching(/^\d+$/),
          key: expect.stringMatching(/^DATA-\d+$/),
          projectKey: 'DATA',
          title: 'Backfill the orders table',
          description: 'First line\nsecond line\nA new paragraph.',
          type: 'Bug',
          status: { name: 'To Do', category: 'new' },
          priority: 'High',
          assignee,
          reporter: ME,
          labels: ['backend', 'regression'],
          team: null,
          parentKey: null,
          createdAt: item.updatedAt,
          updatedAt: expect.any(Date),
          closedAt: null,
          customFields: { components: [], resolution: null, dueDate: null, storyPoints: null, sprints: [] },
          transitions: [],
          comments: [],
          links: [],
          raw: expect.objectContaining({ id: item.sourceId, key: item.key }),
        });
        const stored = await fake.rest<{ fields: { summary: string; description: unknown } }>(
          'GET',
          `/rest/api/3/issue/${item.key}?fields=summary,description`,
        );
        expect(stored.body.fields).toEqual({
          summary: 'Backfill the orders table',
          description: {
            type: 'doc',
            version: 1,
            content: [
              {
                type: 'paragraph',
                content: [
                  { type: 'text', text: 'First line' },
                  { type: 'hardBreak' },
                  { type: 'text', text: 'second line' },
                ],
              },
              { type: 'paragraph', content: [{ type: 'text', text: 'A new paragraph.' }] },
            ],
          },
        });
      } finally {
        await adapter.close();
      }
    });
  });

  it('updates, transitions, comments and links an issue, each visible in the fake', async () => {
    await withJiraFake(120, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const a = await adapter.createItem({ projectKey: 'OPS', title: 'Rotate the TLS certificates' });
        const b = await adapter.createItem({
          projectKey: 'OPS',
          title: 'Renew the wildcard domain',
          type: 'Task',
        });

        const updated = await adapter.updateItem(a.key, {
          title: 'Rotate all TLS certificates',
          labels: ['infra'],
          priority: 'Low',
        });
        expect({ title: updated.title, labels: updated.labels, priority: updated.priority }).toEqual({
          title: 'Rotate all TLS certificates',
          labels: ['infra'],
          priority: 'Low',
        });

        const transitions = await adapter.listTransitions!(a.key);
        expect(transitions).toEqual([{ id: '11', name: 'Start progress', to: 'In Progress' }]);
        await adapter.transition!(a.key, '11');

        const comment = await adapter.addComment!(a.key, 'Started with the load balancers.\nThen the API.');
        await adapter.link!(a.key, b.key, 'Blocks');

        const after = await adapter.getItem(a.key);
        expect(after.status).toEqual({ name: 'In Progress', category: 'indeterminate' });
        expect(after.transitions).toEqual([
          {
            eventId: expect.stringMatching(/^\d+:0$/),
            at: expect.any(Date),
            actor: ME,
            from: { name: 'To Do', category: 'new' },
            to: { name: 'In Progress', category: 'indeterminate' },
          },
        ]);
        expect(after.comments).toEqual([
          {
            sourceId: comment.sourceId,
            author: ME,
            body: 'Started with the load balancers.\nThen the API.',
            createdAt: expect.any(Date),
            updatedAt: expect.any(Date),
          },
        ]);
        // Both ends know the link, in opposite directions. (Which end is "outward" is the fake's to decide:
        // it renders them the other way round from Jira Cloud; see the adapter's report.)
        const back = await adapter.getItem(b.key);
        const ends = [...after.links, ...back.links].map(({ type, targetKey, direction }) => ({
          type,
          targetKey,
          direction,
        }));
        expect(ends.map(({ type, targetKey }) => ({ type, targetKey }))).toEqual([
          { type: 'Blocks', targetKey: b.key },
          { type: 'Blocks', targetKey: a.key },
        ]);
        expect(ends[0]?.direction).not.toBe(ends[1]?.direction);
        const linked = await fake.rest<{ fields: { issuelinks: unknown[] } }>(
          'GET',
          `/rest/api/3/issue/${b.key}?fields=issuelinks`,
        );
        expect(linked.body.fields.issuelinks).toHaveLength(1);
      } finally {
        await adapter.close();
      }
    });
  });

  it('searches with JQL a page at a time and passes Jira’s words about bad JQL through', async () => {
    await withJiraFake(300, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const jql = 'project = WEB AND statusCategory = Done ORDER BY key ASC';
        const first = await adapter.search(jql, { limit: 20 });
        expect(first.items).toHaveLength(20);
        expect(first.nextCursor).not.toBeNull();
        const second = await adapter.search(jql, { limit: 20, cursor: first.nextCursor ?? undefined });
        const keys = [...first.items, ...second.items].map((i) => i.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(
          [...first.items, ...second.items].every(
            (i) => i.status.category === 'done' && i.projectKey === 'WEB',
          ),
        ).toBe(true);

        const error = await adapter
          .search('project = WEB AND sprint ~~ "x"', { limit: 5 })
          .catch((e: unknown) => e);
        expect(isAppError(error) && { code: error.code, message: error.message }).toEqual({
          code: 'upstream_4xx',
          message: expect.stringMatching(/^jira answered 400: .+/),
        });
        const direct = await fake.rest<{ errorMessages: string[] }>('POST', '/rest/api/3/search/jql', {
          jql: 'project = WEB AND sprint ~~ "x"',
        });
        expect(isAppError(error) && error.message).toBe(
          `jira answered 400: ${direct.body.errorMessages.join('; ')}`,
        );
      } finally {
        await adapter.close();
      }
    });
  });

  it('refuses an invalid create with Jira’s field errors', async () => {
    await withJiraFake(60, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        await expect(adapter.createItem({ projectKey: 'NOPE', title: 'x' })).rejects.toMatchObject({
          code: 'upstream_4xx',
          message: 'jira answered 400: project: Specify a valid project ID or key',
        });
      } finally {
        await adapter.close();
      }
    });
  });
});

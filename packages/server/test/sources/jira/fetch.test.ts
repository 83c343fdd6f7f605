import { describe, expect, it } from 'vitest';
import { sourceItemSchema, type SourceItem } from '../../../src/sources/source-item.ts';
import { fetchAll, isoOf, jiraAdapter, projectKeys, withJiraFake, type JiraFake } from './jira-fixture.ts';

interface RawHistory {
  id: string;
  created: string;
  author?: { accountId: string };
  items: { field: string; fieldId?: string; fromString?: string; toString?: string }[];
}

/** The status changes of an issue as the fake's paged changelog endpoint lists them, oldest first. */
async function statusChangesOf(fake: JiraFake, key: string, categories: Map<string, string>) {
  const histories: RawHistory[] = [];
  for (let startAt = 0; ;) {
    const page = await fake.rest<{ values: RawHistory[]; isLast: boolean }>(
      'GET',
      `/rest/api/3/issue/${key}/changelog?startAt=${startAt}&maxResults=100`,
    );
    histories.push(...page.body.values);
    startAt += page.body.values.length;
    if (page.body.isLast) break;
  }
  return histories.flatMap((h) =>
    h.items.flatMap((item, index) =>
      item.fieldId === 'status'
        ? [
            {
              eventId: `${h.id}:${index}`,
              at: isoOf(h.created),
              actor: h.author?.accountId ?? null,
              from:
                item.fromString === undefined
                  ? null
                  : { name: item.fromString, category: categories.get(item.fromString) },
              to: { name: item.toString, category: categories.get(item.toString ?? '') },
            },
          ]
        : [],
    ),
  );
}

function transitionsView(item: SourceItem) {
  return item.transitions.map((t) => ({
    eventId: t.eventId,
    at: t.at.toISOString(),
    actor: t.actor?.accountId ?? null,
    from: t.from,
    to: t.to,
  }));
}

function isOrdered(items: readonly SourceItem[]): boolean {
  const num = (key: string) => Number(key.split('-')[1]);
  return items.every((item, i) => {
    const prev = items[i - 1];
    if (prev === undefined) return true;
    const dt = item.updatedAt.getTime() - prev.updatedAt.getTime();
    return dt > 0 || (dt === 0 && num(item.key) > num(prev.key));
  });
}

describe('jira project fetch', () => {
  it('visits every issue of a project once, oldest update first, each with its complete history', async ({
    annotate,
  }) => {
    await withJiraFake(600, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const began = performance.now();
        const { items, pages, expectedTotal } = await fetchAll(adapter, 'WEB', { pageSize: 25 });
        const seconds = (performance.now() - began) / 1000;
        await annotate(
          `WEB: ${items.length} issues in ${pages} pages, ${Math.round(items.length / seconds)} items/s`,
        );

        const expected = await projectKeys(fake, 'WEB');
        expect(expected.length).toBe(163);
        expect(items.map((i) => i.key).sort()).toEqual([...expected].sort());
        expect(new Set(items.map((i) => i.sourceId)).size).toBe(items.length);
        expect(expectedTotal).toBe(163);
        expect(pages).toBeGreaterThanOrEqual(7);
        expect(isOrdered(items)).toBe(true);
        for (const item of items) sourceItemSchema.parse(item);

        // Every issue's transitions equal the status changes of its full changelog, including the issues
        // whose changelog /search/jql cut short.
        const truncated = items.filter((i) => {
          const raw = i.raw as { changelog: { total: number; histories: unknown[] } };
          return raw.changelog.total > raw.changelog.histories.length;
        });
        expect(truncated.length).toBe(2);
        const statuses = await fake.rest<{ name: string; statusCategory: { key: string } }[]>(
          'GET',
          '/rest/api/3/status',
        );
        const categories = new Map(statuses.body.map((st) => [st.name, st.statusCategory.key]));
        for (const item of items) {
          expect({ key: item.key, transitions: transitionsView(item) }).toEqual({
            key: item.key,
            transitions: await statusChangesOf(fake, item.key, categories),
          });
        }
        expect(truncated.every((i) => i.transitions.length > 20)).toBe(true);
      } finally {
        await adapter.close();
      }
    });
  });

  it('maps every issue’s fields from its payload, timestamps with their +hhmm offsets included', async () => {
    await withJiraFake(600, async (fake) => {
      const adapter = jiraAdapter(fake);
      try {
        const { items } = await fetchAll(adapter, 'PAY', { pageSize: 100 });
        const person = (u: RawUser | null) =>
          u === null
            ? null
            : { accountId: u.accountId, displayName: u.displayName, email: u.emailAddress ?? null };
        for (const item of items) {
          const raw = (await fake.rest<RawIssue>('GET', `/rest/api/3/issue/${item.key}`)).body;
          const f = raw.fields;
          const { raw: _raw, transitions: _transitions, ...mapped } = item;
          expect(mapped).toEqual({
            sourceId: raw.id,
            key: raw.key,
            projectKey: 'PAY',
            title: f.summary,
            description: f.description === null ? null : expect.stringMatching(/\S/),
            type: f.issuetype.name,
            status: { name: f.status.name, category: f.status.statusCategory.key },
            priority: f.priority.name,
            assignee: person(f.assignee),
            reporter: person(f.reporter),
            labels: f.labels,
            team: null,
            parentKey: f.parent?.key ?? null,
            createdAt: new Date(isoOf(f.created)),
            updatedAt: new Date(isoOf(f.updated)),
            closedAt: f.resolutiondate === null ? null : new Date(isoOf(f.resolutiondate)),
            customFields: {
              components: f.components.map((c) => c.name),
              resolution: f.resolution?.name ?? null,
              dueDate: null,
              storyPoints: f.customfield_10016,
              sprints: (f.customfield_10020 ?? []).map((s) => ({ id: s.id, name: s.name, state: s.state })),
            },
            comments: f.comment.comments.map((c) => ({
              sourceId: c.id,
              author: person(c.author),
              body: expect.stringMatching(/^[^{}]+$/),
              createdAt: new Date(isoOf(c.created)),
              updatedAt: new Date(isoOf(c.updated)),
            })),
            links: f.issuelinks.map((l) => ({
              type: l.type.name,
              direction: l.outwardIssue === undefined ? 'inward' : 'outward',
              targetKey: (l.outwardIssue ?? l.inwardIssue)?.key,
              sourceId: l.id,
            })),
          });
        }
        // The sample covers what the mapping must handle: closed issues, comments, sprints and points.
        expect(items.some((i) => i.closedAt !== null && i.comments.length > 0)).toBe(true);
        expect(
          items.some(
            (i) => (i.customFields.sprints as unknown[]).length > 0 && i.customFields.storyPoints !== null,
          ),
        ).toBe(true);
        expect(items.some((i) => i.parentKey !== null)).toBe(true);
      } finally {
        await adapter.close();
      }
    });
  });

  it('resumes from a checkpointed cursor in a new adapter (a restarted process)', async () => {
    await withJiraFake(600, async (fake) => {
      const first = jiraAdapter(fake);
      const page1 = await first.fetchItems({ projectKey: 'MOB', pageSize: 40 });
      await first.close();
      expect(page1.items.length).toBe(40);
      expect(page1.nextCursor).not.toBeNull();
      const second = jiraAdapter(fake);
      try {
        const rest = [];
        let cursor = page1.nextCursor ?? undefined;
        while (cursor !== undefined) {
          const page = await second.fetchItems({ projectKey: 'MOB', pageSize: 40, cursor });
          rest.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        }
        const keys = [...page1.items, ...rest].map((i) => i.key);
        expect(keys.sort()).toEqual((await projectKeys(fake, 'MOB')).sort());
        await expect(
          second.fetchItems({ projectKey: 'WEB', pageSize: 40, cursor: page1.nextCursor ?? '' }),
        ).rejects.toMatchObject({
          code: 'validation_error',
          message: 'cursor: belongs to project MOB, not WEB',
        });
        await expect(
          second.fetchItems({ projectKey: 'MOB', pageSize: 40, cursor: 'garbage' }),
        ).rejects.toMatchObject({
          code: 'validation_error',
        });
      } finally {
        await second.close();
      }
    });
  });
});

interface RawUser {
  accountId: string;
  displayName: string;
  emailAddress?: string;
}

interface RawIssue {
  id: string;
  key: string;
  fields: {
    summary: string;
    description: unknown;
    issuetype: { name: string };
    status: { name: string; statusCategory: { key: string } };
    priority: { name: string };
    assignee: RawUser | null;
    reporter: RawUser | null;
    labels: string[];
    parent?: { key: string };
    created: string;
    updated: string;
    resolutiondate: string | null;
    resolution: { name: string } | null;
    components: { name: string }[];
    customfield_10016: number | null;
    customfield_10020: { id: number; name: string; state: string }[] | null;
    comment: { comments: { id: string; author: RawUser | null; created: string; updated: string }[] };
    issuelinks: {
      id: string;
      type: { name: string };
      outwardIssue?: { key: string };
      inwardIssue?: { key: string };
    }[];
  };
}

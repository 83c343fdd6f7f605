import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceItemSchema, type SourceItem } from '../../../src/sources/source-item.ts';
import { fetchAll, startLinear, teamIssues, type LinearHarness } from './linear-harness.ts';

let h: LinearHarness;
beforeAll(async () => {
  h = await startLinear(300);
});
afterAll(async () => {
  await h.close();
});

const itemsOf = (pages: Array<{ items: SourceItem[] }>): SourceItem[] => pages.flatMap((p) => p.items);
const ascending = (items: SourceItem[]): boolean =>
  items.every((item, i) => i === 0 || items[i - 1]!.updatedAt.getTime() <= item.updatedAt.getTime());

const FULL_ISSUE = `query($id: String!) { issue(id: $id) {
  id identifier title description priority priorityLabel estimate url createdAt updatedAt startedAt completedAt
  canceledAt archivedAt trashed parent { identifier } state { name type } team { key name }
  assignee { id name email } creator { id name email } project { id name } labels { nodes { name } }
  history(first: 250) { nodes { id createdAt actor { id name email } fromState { name type } toState { name type } } }
  comments(first: 250) { nodes { id body createdAt updatedAt user { id name email } } }
} }`;

interface TruthUser {
  id: string;
  name: string;
  email: string;
}
interface TruthState {
  name: string;
  type: string;
}
interface TruthEntry {
  id: string;
  createdAt: string;
  actor: TruthUser | null;
  fromState: TruthState | null;
  toState: TruthState | null;
}
interface TruthComment {
  id: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  user: TruthUser | null;
}
interface TruthIssue {
  id: string;
  identifier: string;
  title: string;
  description: string | null;
  priority: number;
  priorityLabel: string;
  estimate: number | null;
  url: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  canceledAt: string | null;
  archivedAt: string | null;
  trashed: boolean | null;
  parent: { identifier: string } | null;
  state: TruthState;
  team: { key: string; name: string };
  assignee: TruthUser | null;
  creator: TruthUser | null;
  project: { id: string; name: string } | null;
  labels: { nodes: Array<{ name: string }> };
  history: { nodes: TruthEntry[] };
  comments: { nodes: TruthComment[] };
}

/** The issue as the fake holds it, with up to 250 history entries and comments (enough for these tests). */
async function truthOf(key: string): Promise<TruthIssue> {
  return (await h.gql(FULL_ISSUE, { id: key })).body.data.issue as TruthIssue;
}

describe('Linear fetchItems', () => {
  it('visits every issue of each team exactly once, oldest update first, with the team’s total', async () => {
    const adapter = h.adapter();
    for (const key of ['ENG', 'OPS', 'DES']) {
      const truth = await teamIssues(h, key);
      const pages = await fetchAll(adapter, key, { pageSize: 25 });
      const items = itemsOf(pages);
      expect(items.map((i) => i.key).sort()).toEqual(truth.map((t) => t.identifier).sort());
      expect(new Set(items.map((i) => i.sourceId)).size).toBe(truth.length);
      expect(ascending(items)).toBe(true);
      expect(pages.every((p) => p.expectedTotal === truth.length)).toBe(true);
      expect(pages.slice(0, -1).every((p) => p.items.length >= 25)).toBe(true);
      for (const item of items) sourceItemSchema.parse(item);
    }
  });

  it('maps an issue with its complete, ordered history and plain-text comments', async () => {
    const adapter = h.adapter();
    const items = itemsOf(await fetchAll(adapter, 'ENG'));
    const busy = items.reduce((a, b) =>
      b.transitions.length + b.comments.length > a.transitions.length + a.comments.length ? b : a,
    );
    const truth = await truthOf(busy.key);
    const person = (u: TruthUser | null) =>
      u === null ? null : { accountId: u.id, displayName: u.name, email: u.email };
    const byTime = <T extends { createdAt: string; id: string }>(list: T[]): T[] =>
      [...list].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));
    const { raw, ...mapped } = busy;
    expect(mapped).toEqual({
      sourceId: truth.id,
      key: truth.identifier,
      projectKey: 'ENG',
      title: truth.title,
      description: truth.description,
      type: truth.parent === null ? 'issue' : 'sub-issue',
      status: { name: truth.state.name, category: truth.state.type },
      priority: String(truth.priority),
      assignee: person(truth.assignee),
      reporter: person(truth.creator),
      labels: truth.labels.nodes.map((l) => l.name),
      team: truth.team.name,
      parentKey: truth.parent?.identifier ?? null,
      createdAt: new Date(truth.createdAt),
      updatedAt: new Date(truth.updatedAt),
      closedAt:
        truth.completedAt !== null
          ? new Date(truth.completedAt)
          : truth.canceledAt !== null
            ? new Date(truth.canceledAt)
            : null,
      customFields: {
        priorityLabel: truth.priorityLabel,
        estimate: truth.estimate,
        project: truth.project,
        cycle: null,
        url: truth.url,
        startedAt: truth.startedAt,
        canceledAt: truth.canceledAt,
        archivedAt: truth.archivedAt,
        trashed: truth.trashed === true,
      },
      transitions: byTime(truth.history.nodes).flatMap((e) =>
        e.toState === null
          ? []
          : [
              {
                eventId: e.id,
                at: new Date(e.createdAt),
                actor: person(e.actor),
                from: e.fromState === null ? null : { name: e.fromState.name, category: e.fromState.type },
                to: { name: e.toState.name, category: e.toState.type },
              },
            ],
      ),
      comments: byTime(truth.comments.nodes).map((c) => ({
        sourceId: c.id,
        author: person(c.user),
        body: c.body,
        createdAt: new Date(c.createdAt),
        updatedAt: new Date(c.updatedAt),
      })),
      links: [],
    });
    expect(busy.transitions.length).toBeGreaterThan(0);
    expect((raw as { id: string }).id).toBe(truth.id);
  });

  it('pages nested history and comments beyond their first page', async () => {
    const adapter = h.adapter();
    const [target] = await teamIssues(h, 'DES');
    const states = (
      await h.gql('{ workflowStates(filter: { team: { key: { eq: "DES" } } }) { nodes { id } } }')
    ).body.data.workflowStates.nodes as Array<{ id: string }>;
    for (let i = 0; i < 60; i++) {
      const moved = await h.gql(
        'mutation($id: String!, $s: String!) { issueUpdate(id: $id, input: { stateId: $s }) { success } }',
        {
          id: target!.id,
          s: states[i % 2]!.id,
        },
      );
      expect(moved.body.data.issueUpdate.success).toBe(true);
      await h.gql(
        'mutation($id: String!, $b: String!) { commentCreate(input: { issueId: $id, body: $b }) { success } }',
        {
          id: target!.id,
          b: `**Note** number ${i}`,
        },
      );
    }
    const truth = await truthOf(target!.id);
    const stateChanges = truth.history.nodes.filter((e) => e.toState !== null);
    expect(stateChanges.length).toBeGreaterThan(55);
    expect(truth.comments.nodes.length).toBeGreaterThan(55);

    const item = await adapter.getItem(target!.identifier);
    expect(item.transitions.map((t) => t.eventId).sort()).toEqual(stateChanges.map((e) => e.id).sort());
    expect(item.transitions.every((t, i) => i === 0 || item.transitions[i - 1]!.at <= t.at)).toBe(true);
    expect(item.comments.map((c) => c.sourceId).sort()).toEqual(truth.comments.nodes.map((c) => c.id).sort());
    expect(item.comments.at(-1)!.body).toBe('Note number 59');

    // The same completeness through the sync path.
    const synced = itemsOf(
      await fetchAll(adapter, 'DES', { since: new Date(Date.parse(truth.updatedAt) - 1) }),
    );
    expect(synced.map((i) => i.key)).toEqual([target!.identifier]);
    expect(synced[0]!.transitions).toEqual(item.transitions);
    expect(synced[0]!.comments).toEqual(item.comments);
  });

  it('finds exactly the issues a mutation touched when given `since`', async () => {
    const adapter = h.adapter();
    const keys = ['ENG', 'OPS', 'DES'];
    const before = (await Promise.all(keys.map((k) => teamIssues(h, k)))).flat();
    const since = new Date(Math.max(...before.map((i) => Date.parse(i.updatedAt))) + 1);
    const { changed } = await h.mutate({ action: 'touch', count: 8 });
    const created = await h.mutate({ action: 'create', count: 3 });
    const found = [];
    for (const key of keys) {
      const items = itemsOf(await fetchAll(adapter, key, { since, pageSize: 2 }));
      expect(ascending(items)).toBe(true);
      found.push(...items.map((i) => i.key));
    }
    expect(found.sort()).toEqual([...new Set([...changed, ...created.changed])].sort());
    expect(found.length).toBeGreaterThan(3);
  });

  it('resumes from a checkpointed cursor in a new adapter (a restart)', async () => {
    const truth = await teamIssues(h, 'OPS');
    const first = h.adapter();
    const page1 = await first.fetchItems({ projectKey: 'OPS', pageSize: 30 });
    await first.close();
    const second = h.adapter();
    const rest: SourceItem[] = [];
    let cursor = page1.nextCursor;
    while (cursor !== null) {
      const page = await second.fetchItems({ projectKey: 'OPS', pageSize: 30, cursor });
      rest.push(...page.items);
      cursor = page.nextCursor;
    }
    const keys = [...page1.items, ...rest].map((i) => i.key);
    expect(keys.sort()).toEqual(truth.map((t) => t.identifier).sort());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('skips nothing when the issue a page ended on is updated before the next page', async () => {
    const adapter = h.adapter();
    const truth = await teamIssues(h, 'ENG');
    const seen: string[] = [];
    let cursor: string | undefined;
    let updated: string | null = null;
    for (;;) {
      const page = await adapter.fetchItems({ projectKey: 'ENG', pageSize: 20, cursor });
      seen.push(...page.items.map((i) => i.key));
      if (page.nextCursor === null) break;
      if (updated === null) {
        // Move the newest issue delivered so far to the far end of the order: a cursor on it would jump.
        updated = page.items.at(-1)!.key;
        await h.gql(
          'mutation($id: String!) { issueUpdate(id: $id, input: { title: "Moved mid-walk" }) { success } }',
          {
            id: updated,
          },
        );
      }
      cursor = page.nextCursor;
    }
    expect([...new Set(seen)].sort()).toEqual(truth.map((t) => t.identifier).sort());
    // Only the moved issue comes twice (before and after its update).
    expect(seen.filter((k) => k === updated)).toHaveLength(2);
    expect(seen.length).toBe(truth.length + 1);
  });
});

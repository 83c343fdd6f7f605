import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../src/sources/asana/asana-cursor.ts';
import { sourceItemSchema, type SourceItem } from '../../../src/sources/source-item.ts';
import { ANCHOR, fetchAll, startAsanaHarness, type AsanaHarness } from './asana-harness.ts';

/** Backfill and incremental reads of project tasks, with their complete story history. */

interface FakeTask {
  gid: string;
  memberships: { project: { gid: string }; section: { name: string } }[];
  completed: boolean;
}
interface FakeStory {
  gid: string;
  created_at: string;
  resource_subtype: string;
  text: string;
}

const STATUS_STORIES = new Set(['section_changed', 'marked_complete', 'marked_incomplete']);

let h: AsanaHarness;
let projects: string[] = [];

beforeAll(async () => {
  h = await startAsanaHarness(400);
  projects = (await h.adapter().listProjects()).map((p) => p.key);
});
afterAll(async () => {
  await h.close();
});

describe('asana fetchItems', () => {
  it('visits every task of a project exactly once, in project order, across pages', async () => {
    const project = projects[0] ?? '';
    const truth = await h.fakeAll<{ gid: string }>(`/tasks?project=${project}`);
    const { items, pages } = await fetchAll(h.adapter(), project, { pageSize: 17 });
    expect(items.map((i) => i.key)).toEqual(truth.map((t) => t.gid));
    expect(pages).toBe(Math.ceil(truth.length / 17));
    expect(items.every((i) => sourceItemSchema.safeParse(i).success)).toBe(true);
    expect(new Set(items.map((i) => i.projectKey))).toEqual(new Set([project]));
  });

  it('carries each task complete: status, every status story as a transition in order, every comment', async () => {
    const project = projects[1] ?? '';
    const { items } = await fetchAll(h.adapter(), project);
    const tasks = await h.fakeAll<FakeTask>(
      `/tasks?project=${project}&opt_fields=memberships.project,memberships.section.name,completed`,
    );
    expect(items.map((i) => i.key)).toEqual(tasks.map((t) => t.gid));
    let transitions = 0;
    for (const [n, item] of items.entries()) {
      const task = tasks[n] as FakeTask;
      const stories = await h.fakeAll<FakeStory>(
        `/tasks/${item.key}/stories?opt_fields=created_at,resource_subtype,text`,
      );
      const section = task.memberships.find((m) => m.project.gid === project)?.section.name;
      expect(item.status).toEqual({ name: section, category: task.completed ? 'completed' : 'incomplete' });
      expect(item.transitions.map((t) => t.eventId)).toEqual(
        stories.filter((s) => STATUS_STORIES.has(s.resource_subtype)).map((s) => s.gid),
      );
      expect(item.comments.map((c) => [c.sourceId, c.body, c.createdAt.toISOString()])).toEqual(
        stories
          .filter((s) => s.resource_subtype === 'comment_added')
          .map((s) => [s.gid, s.text, s.created_at]),
      );
      // A chain: each change starts where the previous ended, in time order, and ends at today's status.
      item.transitions.forEach((t, k) => {
        const before = item.transitions[k - 1];
        if (before !== undefined) {
          expect(t.from).toEqual(before.to);
          expect(t.at.getTime()).toBeGreaterThanOrEqual(before.at.getTime());
        }
      });
      if (item.transitions.length > 0) expect(item.transitions.at(-1)?.to).toEqual(item.status);
      const last = stories.at(-1)?.created_at;
      expect(item.updatedAt.getTime()).toBeGreaterThanOrEqual(last === undefined ? 0 : Date.parse(last));
      transitions += item.transitions.length;
    }
    expect(transitions).toBeGreaterThan(items.length);
  });

  it('resumes from a checkpointed cursor in a new adapter, and restarts a walk whose offset Asana refuses', async () => {
    const project = projects[0] ?? '';
    const first = await h.adapter().fetchItems({ projectKey: project, pageSize: 25 });
    const cursor = first.nextCursor ?? '';
    // A fresh adapter (a restarted process) continues where the checkpoint left off.
    const second = await h.adapter().fetchItems({ projectKey: project, pageSize: 25, cursor });
    const { items: all } = await fetchAll(h.adapter(), project, { pageSize: 25 });
    expect(second.items.map((i) => i.key)).toEqual(all.slice(25, 50).map((i) => i.key));

    const expired = encodeCursor({
      ...decodeCursor(cursor, project),
      offset: 'eyJleHBpcmVkIjp0cnVlfQ.bm9wZQ',
    });
    const restarted = await h.adapter().fetchItems({ projectKey: project, pageSize: 25, cursor: expired });
    expect(restarted.items.map((i) => i.key)).toEqual(first.items.map((i) => i.key));
    expect(restarted.nextCursor).toBe(first.nextCursor);

    await expect(
      h.adapter().fetchItems({ projectKey: project, pageSize: 25, cursor: 'garbage' }),
    ).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(
      h.adapter().fetchItems({ projectKey: projects[1] ?? '', pageSize: 25, cursor }),
    ).rejects.toMatchObject({ code: 'validation_error' });
  });

  it('finds exactly the tasks changed after `since`, created ones included', async () => {
    const since = new Date(ANCHOR);
    const adapter = h.adapter();
    const before = await Promise.all(projects.map((p) => fetchAll(adapter, p, { since })));
    expect(before.flatMap((r) => r.items)).toEqual([]);
    const touched = await h.admin<{ changed: string[] }>('POST', '/mutate', { action: 'touch', count: 7 });
    const created = await h.admin<{ changed: string[] }>('POST', '/mutate', { action: 'create', count: 3 });
    const after = await Promise.all(projects.map((p) => fetchAll(adapter, p, { since, pageSize: 4 })));
    const keys = after.flatMap((r) => r.items.map((i) => i.key));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...touched.changed, ...created.changed].sort());
    const changed: SourceItem[] = after.flatMap((r) => r.items);
    expect(changed.every((i) => i.updatedAt.getTime() >= since.getTime())).toBe(true);
  });

  it('reads a backfill at a measurable rate', async () => {
    const adapter = h.adapter();
    const started = performance.now();
    const results = await Promise.all(projects.map((p) => fetchAll(adapter, p)));
    const seconds = (performance.now() - started) / 1000;
    const count = results.reduce((n, r) => n + r.items.length, 0);
    const stats = await h.admin<{ data: { tasks: number } }>('GET', '/stats');
    expect(count).toBe(stats.data.tasks);
    process.stdout.write(
      `asana backfill: ${count} tasks with stories in ${seconds.toFixed(2)} s = ${(count / seconds).toFixed(0)} items/s\n`,
    );
  });
});

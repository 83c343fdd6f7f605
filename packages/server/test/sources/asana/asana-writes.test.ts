import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceAdapter } from '../../../src/sources/source-adapter.ts';
import { failure, startAsanaHarness, type AsanaHarness } from './asana-harness.ts';

/** Reads and writes an assistant makes: create, move, complete, comment, read back, search. */

const BOT = {
  accountId: '1208000000100000',
  displayName: 'Spiral Sync Bot',
  email: 'spiral.sync.bot@spiral-labs.example',
};

let h: AsanaHarness;
let adapter: SourceAdapter;
let project = '';
let worker: { accountId: string; displayName: string; email: string };

beforeAll(async () => {
  h = await startAsanaHarness(120);
  adapter = h.adapter();
  project = (await adapter.listProjects())[0]?.key ?? '';
  const user = await h.fake<{ data: { gid: string; name: string; email: string } }>(
    'GET',
    '/users/1208000000100001',
  );
  worker = { accountId: user.data.gid, displayName: user.data.name, email: user.data.email };
});
afterAll(async () => {
  await h.close();
});

describe('asana writes', () => {
  it('creates, moves, completes and comments a task, and reads all of it back', async () => {
    const created = await adapter.createItem({
      projectKey: project,
      title: 'Write the launch plan',
      description: 'Numbers from the finance dashboard.',
      assigneeAccountId: worker.accountId,
    });
    expect(created).toMatchObject({
      projectKey: project,
      title: 'Write the launch plan',
      status: { name: 'Backlog', category: 'incomplete' },
      assignee: worker,
      reporter: BOT,
      transitions: [],
    });
    const key = created.key;

    const transitions = await adapter.listTransitions?.(key);
    expect(transitions?.map((t) => t.to)).toEqual(['To do', 'In progress', 'Review', 'Done']);
    const toInProgress = transitions?.find((t) => t.to === 'In progress');
    expect(toInProgress?.name).toBe('Move to In progress');
    await adapter.transition?.(key, toInProgress?.id ?? '');

    const updated = await adapter.updateItem(key, {
      title: 'Write the launch plan, v2',
      fields: { completed: true },
    });
    expect(updated.status).toEqual({ name: 'In progress', category: 'completed' });
    const comment = await adapter.addComment?.(key, 'Shipped it.');

    const item = await adapter.getItem(key);
    const stories = (
      await h.fake<{ data: { gid: string; resource_subtype: string }[] }>('GET', `/tasks/${key}/stories`)
    ).data;
    const storyOf = (subtype: string) => stories.find((s) => s.resource_subtype === subtype)?.gid;
    expect(item).toEqual({
      sourceId: key,
      key,
      projectKey: project,
      title: 'Write the launch plan, v2',
      description: 'Numbers from the finance dashboard.',
      type: 'task',
      status: { name: 'In progress', category: 'completed' },
      priority: null,
      assignee: worker,
      reporter: BOT,
      labels: [],
      team: null,
      parentKey: null,
      createdAt: created.createdAt,
      updatedAt: expect.any(Date),
      closedAt: expect.any(Date),
      customFields: {
        custom_fields: {},
        resource_subtype: 'default_task',
        due_on: null,
        due_at: null,
        start_on: null,
        permalink_url: `https://app.asana.com/0/${project}/${key}`,
        num_subtasks: 0,
        projects: [project],
        assignment_history: [],
      },
      transitions: [
        {
          eventId: storyOf('section_changed'),
          at: expect.any(Date),
          actor: BOT,
          from: { name: 'Backlog', category: 'incomplete' },
          to: { name: 'In progress', category: 'incomplete' },
        },
        {
          eventId: storyOf('marked_complete'),
          at: expect.any(Date),
          actor: BOT,
          from: { name: 'In progress', category: 'incomplete' },
          to: { name: 'In progress', category: 'completed' },
        },
      ],
      comments: [
        {
          sourceId: comment?.sourceId,
          author: BOT,
          body: 'Shipped it.',
          createdAt: expect.any(Date),
          updatedAt: null,
        },
      ],
      links: [],
      raw: expect.objectContaining({ gid: key, name: 'Write the launch plan, v2' }),
    });
    expect(item.closedAt?.getTime()).toBeGreaterThanOrEqual(item.createdAt.getTime());
    expect(stories.map((s) => s.resource_subtype)).toEqual([
      'section_changed',
      'name_changed',
      'marked_complete',
      'comment_added',
    ]);

    const fake = await h.fake<{
      data: { name: string; completed: boolean; memberships: { section: { name: string } }[] };
    }>('GET', `/tasks/${key}?opt_fields=name,completed,memberships.section.name`);
    expect(fake.data).toEqual({
      gid: key,
      name: 'Write the launch plan, v2',
      completed: true,
      memberships: [{ section: { gid: expect.any(String), name: 'In progress' } }],
    });
  });

  it('refuses what Asana cannot set by name, and passes Asana refusals on in its own words', async () => {
    const base = { projectKey: project, title: 'Refused' };
    expect((await failure(adapter.createItem({ ...base, priority: 'High' }))).code).toBe('validation_error');
    expect((await failure(adapter.createItem({ ...base, labels: ['bug'] }))).code).toBe('validation_error');
    expect((await failure(adapter.createItem({ ...base, type: 'epic' }))).code).toBe('validation_error');
    const task = await adapter.createItem(base);
    expect((await failure(adapter.updateItem(task.key, { parentKey: '1208000100000001' }))).code).toBe(
      'validation_error',
    );
    const refused = await failure(adapter.updateItem(task.key, { fields: { due_on: 'tomorrow' } }));
    expect({ code: refused.code, message: refused.message }).toEqual({
      code: 'upstream_4xx',
      message: 'asana answered 400: due_on: Must be a date in YYYY-MM-DD format',
    });
    expect((await failure(adapter.addComment?.('1208000199999999', 'hello') ?? Promise.resolve())).code).toBe(
      'not_found',
    );
    expect(
      (await failure(adapter.transition?.(task.key, '1208000000499999') ?? Promise.resolve())).code,
    ).toBe('not_found');
  });

  it('reads a task in two projects from each project: its section and moves there, not the other', async () => {
    const other = (await adapter.listProjects())[1]?.key ?? '';
    const task = await adapter.createItem({ projectKey: project, title: 'Shared Okapi task' });
    await h.fake('POST', `/tasks/${task.key}/addProject`, { data: { project: other } });
    const sections = await h.fakeAll<{ gid: string; name: string }>(`/projects/${other}/sections`);
    const review = sections.find((s) => s.name === 'Review')?.gid;
    await h.fake('POST', `/sections/${review}/addTask`, { data: { task: task.key } });
    const move = (
      await h.fake<{ data: { gid: string; resource_subtype: string }[] }>('GET', `/tasks/${task.key}/stories`)
    ).data.find((s) => s.resource_subtype === 'section_changed');

    const home = await adapter.getItem(task.key);
    expect([home.projectKey, home.status, home.transitions, home.customFields.projects]).toEqual([
      project,
      { name: 'Backlog', category: 'incomplete' },
      [],
      [project, other],
    ]);
    const there = (await adapter.search(`project:${other} okapi`, { limit: 5 })).items;
    expect(there.map((i) => [i.key, i.projectKey, i.status, i.transitions])).toEqual([
      [
        task.key,
        other,
        { name: 'Review', category: 'incomplete' },
        [
          {
            eventId: move?.gid,
            at: expect.any(Date),
            actor: BOT,
            from: { name: 'Backlog', category: 'incomplete' },
            to: { name: 'Review', category: 'incomplete' },
          },
        ],
      ],
    ]);
  });

  it('searches task names, across projects or in one, page by page', async () => {
    const a = await adapter.createItem({ projectKey: project, title: 'Plan the Zebracorn offsite' });
    const b = await adapter.createItem({ projectKey: project, title: 'Book zebracorn venue' });
    const everywhere = await adapter.search('zebracorn', { limit: 10 });
    expect(everywhere.items.map((i) => [i.key, i.projectKey, i.title])).toEqual([
      [a.key, project, 'Plan the Zebracorn offsite'],
      [b.key, project, 'Book zebracorn venue'],
    ]);
    expect(everywhere.nextCursor).toBe(null);

    const query = `project:${project} zebracorn`;
    const first = await adapter.search(query, { limit: 1 });
    expect(first.items.map((i) => i.key)).toEqual([a.key]);
    const second = await adapter.search(query, { limit: 1, cursor: first.nextCursor ?? '' });
    expect(second.items.map((i) => i.key)).toEqual([b.key]);
    // b is the project's last task: nothing is left to scan.
    expect(second.nextCursor).toBe(null);
    expect(
      (await failure(adapter.search('other words', { limit: 1, cursor: first.nextCursor ?? '' }))).code,
    ).toBe('validation_error');
    expect((await adapter.search('venue book', { limit: 5 })).items.map((i) => i.key)).toContain(b.key);
  });
});

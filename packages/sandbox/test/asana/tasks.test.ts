import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, type Harness } from '../github/helpers.ts';
import { asana, crawl, data, startAsana, WORKSPACE, type Page } from './helpers.ts';

/** Reading and writing tasks through the Asana fake, as a sync client and an assistant do. */

interface Task {
  gid: string;
  name: string;
  completed: boolean;
  completed_at: string | null;
  completed_by: { gid: string; name: string } | null;
  modified_at: string;
  created_at: string;
  assignee: { gid: string; name: string } | null;
  memberships: { project: { gid: string; name: string }; section: { gid: string; name: string } }[];
}
interface Story {
  gid: string;
  created_at: string;
  created_by: { gid: string; name: string };
  resource_subtype: string;
  text: string;
  type: string;
}

let h: Harness;
let call: ReturnType<typeof asana>;
let projects: { gid: string; name: string }[] = [];
let sections: { gid: string; name: string }[] = [];

beforeAll(async () => {
  h = await startAsana({ size: 600 });
  call = asana(h);
  projects = data(await call('GET', `/projects?workspace=${WORKSPACE}`));
  sections = data(await call('GET', `/projects/${projects[0]?.gid}/sections`));
});
afterAll(async () => {
  await h.app.close();
});

const section = (name: string) => sections.find((s) => s.name === name)?.gid ?? '';
const now = () => h.clock.now.toISOString();

async function create(name: string, extra: Record<string, unknown> = {}): Promise<Task> {
  const res = await call('POST', '/tasks', { data: { name, projects: [projects[0]?.gid], ...extra } });
  expect(res.statusCode).toBe(201);
  return data<Task>(res);
}

describe('pagination', () => {
  it('visits every task exactly once, in the order of the unpaginated list', async () => {
    const all = data<{ gid: string }[]>(await call('GET', `/tasks?project=${projects[0]?.gid}`));
    const { items, pages } = await crawl<{ gid: string }>(call, `/tasks?project=${projects[0]?.gid}&limit=7`);
    expect(items.map((t) => t.gid)).toEqual(all.map((t) => t.gid));
    expect(new Set(items.map((t) => t.gid)).size).toBe(items.length);
    expect(pages).toBe(Math.ceil(all.length / 7));
  });
  it('names the next page by path and uri, is null on the last one, and ignores tasks added meanwhile once', async () => {
    const first = JSON.parse((await call('GET', `/tasks?project=${projects[1]?.gid}&limit=5`)).body) as Page<{
      gid: string;
    }>;
    expect(first.next_page?.path).toBe(
      `/tasks?project=${projects[1]?.gid}&limit=5&offset=${first.next_page?.offset}`,
    );
    expect(first.next_page?.uri).toBe(`http://127.0.0.1:8072/api/1.0${first.next_page?.path}`);
    const added = data<{ gid: string }>(
      await call('POST', '/tasks', { data: { name: 'Added mid-crawl', projects: [projects[1]?.gid] } }),
    );
    const { items } = await crawl<{ gid: string }>(call, first.next_page?.path ?? '');
    const seen = [...first.data, ...items].map((t) => t.gid);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.at(-1)).toBe(added.gid);
    const everything = JSON.parse(
      (await call('GET', `/tasks?project=${projects[1]?.gid}&limit=100&offset=${first.next_page?.offset}`))
        .body,
    ) as Page<unknown>;
    const rest = seen.length - 5;
    if (rest <= 100) expect(everything.next_page).toBe(null);
    else expect(everything.next_page?.offset).toMatch(/^[\w-]+\.[\w-]+$/);
  });
  it('refuses an offset made for another query', async () => {
    const first = JSON.parse(
      (await call('GET', `/tasks?project=${projects[0]?.gid}&limit=2`)).body,
    ) as Page<unknown>;
    const res = await call(
      'GET',
      `/tasks?project=${projects[1]?.gid}&limit=2&offset=${first.next_page?.offset}`,
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      errors: [
        {
          message: 'offset: Your pagination token is invalid or has expired.',
          help: expect.stringContaining('developers.asana.com'),
        },
      ],
    });
  });
});

describe('opt_fields', () => {
  it('returns compact records unless fields are asked for, then gid plus exactly those', async () => {
    const compact = data<Record<string, unknown>[]>(
      await call('GET', `/tasks?project=${projects[0]?.gid}&limit=3`),
    );
    expect(compact.map((t) => Object.keys(t))).toEqual(
      Array(3).fill(['gid', 'name', 'resource_type', 'resource_subtype']),
    );
    const named = data<Record<string, unknown>[]>(
      await call('GET', `/tasks?project=${projects[0]?.gid}&limit=3&opt_fields=name`),
    );
    expect(named.map((t) => Object.keys(t))).toEqual(Array(3).fill(['gid', 'name']));
    const deep = data<Task[]>(
      await call(
        'GET',
        `/tasks?project=${projects[0]?.gid}&limit=50&opt_fields=assignee,memberships.section.name`,
      ),
    );
    for (const t of deep) {
      expect(Object.keys(t)).toEqual(['gid', 'assignee', 'memberships']);
      if (t.assignee) expect(t.assignee).toEqual({ gid: t.assignee.gid, resource_type: 'user' });
      expect(t.memberships).toEqual([
        { section: { gid: expect.any(String) as string, name: expect.any(String) as string } },
      ]);
    }
    const email = data<{ assignee: { gid: string; email: string } }>(
      await call(
        'GET',
        `/tasks/${(await create('Email check', { assignee: 'me' })).gid}?opt_fields=assignee.email`,
      ),
    );
    expect(email).toEqual({
      gid: expect.any(String) as string,
      assignee: { gid: '1208000000100000', email: 'spiral.sync.bot@spiral-labs.example' },
    });
  });
});

describe('writes', () => {
  it('creates a task that reads back with its memberships and the clock time', async () => {
    advance(h, 3600);
    const task = await create('Prepare launch checklist', {
      notes: 'See brief',
      assignee: 'me',
      memberships: [{ project: projects[0]?.gid, section: section('To do') }],
    });
    expect(task).toMatchObject({
      name: 'Prepare launch checklist',
      completed: false,
      created_at: now(),
      modified_at: now(),
      assignee: { gid: '1208000000100000', name: 'Spiral Sync Bot', resource_type: 'user' },
      memberships: [
        {
          project: { gid: projects[0]?.gid, name: projects[0]?.name },
          section: { gid: section('To do'), name: 'To do' },
        },
      ],
    });
    expect(data<Task>(await call('GET', `/tasks/${task.gid}`))).toEqual(task);
  });
  it('completing, reassigning and renaming record stories and move modified_at', async () => {
    const task = await create('Ship pricing page');
    advance(h, 600);
    const at = now();
    const res = await call('PUT', `/tasks/${task.gid}`, {
      data: { completed: true, assignee: '1208000000100003', name: 'Ship the pricing page' },
    });
    expect(res.statusCode).toBe(200);
    const after = data<Task>(res);
    expect(after).toMatchObject({
      completed: true,
      completed_at: at,
      completed_by: { gid: '1208000000100000' },
      modified_at: at,
      name: 'Ship the pricing page',
      assignee: { gid: '1208000000100003' },
    });
    const stories = data<Story[]>(await call('GET', `/tasks/${task.gid}/stories`));
    expect(stories.map((s) => [s.resource_subtype, s.type, s.created_at])).toEqual([
      ['name_changed', 'system', at],
      ['assigned', 'system', at],
      ['marked_complete', 'system', at],
    ]);
    expect(stories[1]?.text).toMatch(/^assigned to [A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(stories[2]?.text).toBe('marked this task complete');
    await call('PUT', `/tasks/${task.gid}`, { data: { completed: false } });
    expect(data<Task>(await call('GET', `/tasks/${task.gid}`))).toMatchObject({
      completed: false,
      completed_at: null,
      completed_by: null,
    });
  });
  it('a comment and a section move are found by modified_since but leave modified_at alone, as in Asana', async () => {
    const commented = await create('Comment target');
    const moved = await create('Move target');
    const renamed = await create('Rename target');
    advance(h, 900);
    const since = now();
    const comment = await call('POST', `/tasks/${commented.gid}/stories`, {
      data: { text: 'Please review by Friday.' },
    });
    expect(comment.statusCode).toBe(201);
    expect(data<Story>(comment)).toMatchObject({
      resource_subtype: 'comment_added',
      type: 'comment',
      text: 'Please review by Friday.',
      created_at: since,
    });
    expect(
      (await call('POST', `/sections/${section('Review')}/addTask`, { data: { task: moved.gid } }))
        .statusCode,
    ).toBe(200);
    await call('PUT', `/tasks/${renamed.gid}`, { data: { name: 'Renamed target' } });
    const found = data<{ gid: string }[]>(
      await call('GET', `/tasks?project=${projects[0]?.gid}&modified_since=${since}`),
    );
    expect(found.map((t) => t.gid).sort()).toEqual([commented.gid, moved.gid, renamed.gid].sort());
    const reread = async (gid: string) => data<Task>(await call('GET', `/tasks/${gid}`));
    expect((await reread(commented.gid)).modified_at).toBe(commented.modified_at);
    expect((await reread(moved.gid)).modified_at).toBe(moved.modified_at);
    expect((await reread(moved.gid)).memberships[0]?.section.name).toBe('Review');
    expect((await reread(renamed.gid)).modified_at).toBe(since);
    const moveStory = data<Story[]>(await call('GET', `/tasks/${moved.gid}/stories`)).at(-1);
    expect(moveStory?.text).toBe(`moved this task from "Backlog" to "Review" in ${projects[0]?.name}`);
  });
  it('adds a task to a second project, where it is listed last', async () => {
    const task = await create('Cross-team task');
    const res = await call('POST', `/tasks/${task.gid}/addProject`, { data: { project: projects[1]?.gid } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: {} });
    const after = data<Task>(await call('GET', `/tasks/${task.gid}`));
    expect(after.memberships.map((m) => [m.project.gid, m.section.name])).toEqual([
      [projects[0]?.gid, 'Backlog'],
      [projects[1]?.gid, 'Backlog'],
    ]);
    const list = data<{ gid: string }[]>(await call('GET', `/tasks?project=${projects[1]?.gid}`));
    expect(list.at(-1)?.gid).toBe(task.gid);
  });
  it('completed_since=now lists only incomplete tasks; a deleted task is gone', async () => {
    const open = data<Task[]>(
      await call('GET', `/tasks?project=${projects[0]?.gid}&completed_since=now&opt_fields=completed`),
    );
    expect(open.length).toBeGreaterThan(0);
    expect(new Set(open.map((t) => t.completed))).toEqual(new Set([false]));
    const task = await create('Short-lived');
    expect(JSON.parse((await call('DELETE', `/tasks/${task.gid}`)).body)).toEqual({ data: {} });
    expect((await call('GET', `/tasks/${task.gid}`)).statusCode).toBe(404);
    const list = data<{ gid: string }[]>(await call('GET', `/tasks?project=${projects[0]?.gid}`));
    expect(list.map((t) => t.gid)).not.toContain(task.gid);
  });
  it('lists a person’s tasks in the workspace', async () => {
    const mine = await create('Mine', { assignee: 'me' });
    const listed = data<{ gid: string }[]>(await call('GET', `/tasks?assignee=me&workspace=${WORKSPACE}`));
    expect(listed.map((t) => t.gid)).toContain(mine.gid);
  });
});

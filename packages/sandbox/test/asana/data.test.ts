import { describe, expect, it } from 'vitest';
import { advance, type Harness } from '../github/helpers.ts';
import { asana, crawl, data, startAsana, WORKSPACE } from './helpers.ts';

/** The generated workspace: deterministic for a seed, shaped like a real team's, moved by mutations. */

interface Task {
  gid: string;
  completed: boolean;
  completed_at: string | null;
  created_at: string;
  modified_at: string;
  assignee: { gid: string } | null;
  memberships: { section: { name: string } }[];
}

const FIELDS = 'completed,completed_at,created_at,modified_at,assignee,memberships.section.name';

async function allTasks(h: Harness, query = ''): Promise<Task[]> {
  const call = asana(h);
  const out: Task[] = [];
  for (const p of data<{ gid: string }[]>(await call('GET', `/projects?workspace=${WORKSPACE}`))) {
    out.push(
      ...(await crawl<Task>(call, `/tasks?project=${p.gid}&limit=100&opt_fields=${FIELDS}${query}`)).items,
    );
  }
  return out;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * q)] ?? Number.NaN;
}

describe('determinism', () => {
  it('builds the same workspace for the same seed and another one for another seed', async () => {
    const [a, b, c] = await Promise.all([
      startAsana({ seed: 9, size: 400 }),
      startAsana({ seed: 9, size: 400 }),
      startAsana({ seed: 10, size: 400 }),
    ]);
    const read = async (h: Harness) => {
      const call = asana(h);
      const p = data<{ gid: string }[]>(await call('GET', `/projects?workspace=${WORKSPACE}`))[0]?.gid;
      const list = await call('GET', `/tasks?project=${p}&opt_fields=name,${FIELDS}`);
      const first = data<{ gid: string }[]>(list)[0]?.gid;
      return [list.body, (await call('GET', `/tasks/${first}/stories`)).body];
    };
    const [ra, rb, rc] = await Promise.all([read(a), read(b), read(c)]);
    await Promise.all([a.app.close(), b.app.close(), c.app.close()]);
    expect(ra).toEqual(rb);
    expect(ra?.[0]).not.toEqual(rc?.[0]);
  });
});

describe('realism', () => {
  it('has a team-like history across the board columns', async () => {
    const h = await startAsana({ seed: 4, size: 4000 });
    const tasks = await allTasks(h);
    const call = asana(h);
    const sample = tasks.filter((_, i) => i % 20 === 0);
    let reopened = 0;
    for (const t of sample) {
      const stories = data<{ resource_subtype: string }[]>(await call('GET', `/tasks/${t.gid}/stories`));
      if (stories.some((s) => s.resource_subtype === 'marked_incomplete')) reopened++;
    }
    await h.app.close();
    expect(tasks).toHaveLength(4000);
    const now = h.clock.now.getTime();
    const day = 86_400_000;
    const done = tasks.filter((t) => t.completed);
    const open = tasks.filter((t) => !t.completed);
    expect(done.length / tasks.length).toBeGreaterThan(0.6);
    expect(open.length / tasks.length).toBeGreaterThan(0.05);
    const lead = done.map((t) => (Date.parse(t.completed_at ?? '') - Date.parse(t.created_at)) / day);
    expect(quantile(lead, 0.5)).toBeGreaterThan(2);
    expect(quantile(lead, 0.5)).toBeLessThan(14);
    expect(quantile(lead, 0.9)).toBeGreaterThan(15);
    const bySection = (name: string) => open.filter((t) => t.memberships[0]?.section.name === name).length;
    for (const name of ['Backlog', 'To do', 'In progress', 'Review'])
      expect(bySection(name)).toBeGreaterThan(0);
    expect(done.every((t) => t.memberships[0]?.section.name !== undefined)).toBe(true);
    expect(open.filter((t) => t.assignee === null).length).toBeGreaterThan(0);
    expect(reopened).toBeGreaterThan(0);
    const stuck = open.filter(
      (t) => t.memberships[0]?.section.name === 'In progress' && now - Date.parse(t.modified_at) > 14 * day,
    );
    expect(stuck.length).toBeGreaterThan(0);
    const created = (from: number, to: number) =>
      tasks.filter(
        (t) => now - Date.parse(t.created_at) >= from * day && now - Date.parse(t.created_at) < to * day,
      ).length;
    expect(created(0, 90)).toBeGreaterThan(created(360, 450));
  });
});

describe('mutations', () => {
  it('touch changes tasks that modified_since then finds', async () => {
    const h = await startAsana({ seed: 2, size: 500 });
    advance(h, 600);
    const since = h.clock.now.toISOString();
    const { changed } = h.service.mutate({ action: 'touch', count: 10 });
    const found = await allTasks(h, `&modified_since=${since}`);
    await h.app.close();
    expect(changed).toHaveLength(10);
    expect(found.map((t) => t.gid).sort()).toEqual([...changed].sort());
  });
  it('create adds incomplete tasks; delete removes tasks (404 on read)', async () => {
    const h = await startAsana({ seed: 2, size: 200 });
    const call = asana(h);
    const created = h.service.mutate({ action: 'create', count: 4 }).changed;
    const deleted = h.service.mutate({ action: 'delete', count: 3 }).changed;
    expect(h.service.stats()).toMatchObject({ tasks: 201, deleted: 3 });
    for (const gid of created.filter((g) => !deleted.includes(g))) {
      expect(data<Task>(await call('GET', `/tasks/${gid}`)).completed).toBe(false);
    }
    for (const gid of deleted) expect((await call('GET', `/tasks/${gid}`)).statusCode).toBe(404);
    const remaining = await allTasks(h);
    await h.app.close();
    expect(remaining.map((t) => t.gid)).not.toContain(deleted[0]);
    expect(remaining).toHaveLength(201);
  });
});

describe('size', () => {
  it('serves 20,000 tasks: every page of the busiest project once', async () => {
    const h = await startAsana({ seed: 21, size: 20_000 });
    expect(h.service.stats()).toMatchObject({ tasks: 20_000 });
    const tasks = await allTasks(h);
    await h.app.close();
    expect(tasks).toHaveLength(20_000);
    expect(new Set(tasks.map((t) => t.gid)).size).toBe(20_000);
  });
});

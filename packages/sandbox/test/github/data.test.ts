import { describe, expect, it } from 'vitest';
import { createGithubService } from '../../src/github/index.ts';
import { advance, caller, json, linkPath, startService, type Harness } from './helpers.ts';

/** The generated organization: deterministic for a seed, shaped like a real team's, moved by mutations. */

interface Issue {
  number: number;
  state: string;
  state_reason: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  assignee: unknown;
  pull_request?: unknown;
}

const AUTH = { authorization: 'token sandbox-github-token' };

async function everything(h: Harness, repo: string, query = 'state=all'): Promise<Issue[]> {
  const gh = caller(h, AUTH);
  const out: Issue[] = [];
  let url: string | undefined = `/repos/spiral-labs/${repo}/issues?${query}&per_page=100`;
  while (url) {
    const res = await gh('GET', url);
    expect(res.statusCode).toBe(200);
    out.push(...json<Issue[]>(res));
    url = linkPath(res.headers.link as string | undefined, 'next');
  }
  return out;
}

async function repoNames(h: Harness): Promise<string[]> {
  return json<{ name: string }[]>(await caller(h, AUTH)('GET', '/user/repos?per_page=100')).map(
    (r) => r.name,
  );
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * q)] ?? Number.NaN;
}

describe('determinism', () => {
  it('builds the same organization for the same seed and another one for another seed', async () => {
    const [a, b, c] = await Promise.all([
      startService(createGithubService, 'github', { seed: 5, size: 500 }),
      startService(createGithubService, 'github', { seed: 5, size: 500 }),
      startService(createGithubService, 'github', { seed: 6, size: 500 }),
    ]);
    const read = async (h: Harness) => {
      const gh = caller(h, AUTH);
      const names = await repoNames(h);
      const first = `/repos/spiral-labs/${names[0]}`;
      return [
        names,
        (await gh('GET', `${first}/issues?state=all&per_page=100`)).body,
        (await gh('GET', `${first}/issues/3/timeline`)).body,
      ];
    };
    const [ra, rb, rc] = await Promise.all([read(a), read(b), read(c)]);
    await Promise.all([a.app.close(), b.app.close(), c.app.close()]);
    expect(ra).toEqual(rb);
    expect(ra?.[1]).not.toEqual(rc?.[1]);
    expect(a.service.stats()).toEqual(b.service.stats());
  });
});

describe('realism', () => {
  it('has a team-like history: steady creation, closures, WIP, lead times, reopenings and unassigned work', async () => {
    const h = await startService(createGithubService, 'github', { seed: 11, size: 4000 });
    const all: Issue[] = [];
    for (const name of await repoNames(h)) all.push(...(await everything(h, name)));
    await h.app.close();
    expect(all).toHaveLength(4000);
    const now = h.clock.now.getTime();
    const day = 86_400_000;
    const issues = all.filter((i) => !i.pull_request);
    const pulls = all.filter((i) => i.pull_request);
    expect(pulls.length / all.length).toBeGreaterThan(0.3);
    expect(pulls.length / all.length).toBeLessThan(0.5);
    const leadDays = issues
      .filter((i) => i.closed_at)
      .map((i) => (Date.parse(i.closed_at ?? '') - Date.parse(i.created_at)) / day);
    expect(quantile(leadDays, 0.5)).toBeGreaterThan(3);
    expect(quantile(leadDays, 0.5)).toBeLessThan(14);
    expect(quantile(leadDays, 0.9)).toBeGreaterThan(20);
    expect(quantile(leadDays, 0.9)).toBeLessThan(80);
    const prLead = pulls
      .filter((i) => i.closed_at)
      .map((i) => (Date.parse(i.closed_at ?? '') - Date.parse(i.created_at)) / day);
    expect(quantile(prLead, 0.5)).toBeLessThan(quantile(leadDays, 0.5));
    const open = all.filter((i) => i.state === 'open');
    expect(open.length / all.length).toBeGreaterThan(0.05);
    expect(open.length / all.length).toBeLessThan(0.35);
    expect(open.filter((i) => i.assignee === null).length).toBeGreaterThan(0);
    expect(issues.filter((i) => i.state_reason === 'reopened').length).toBeGreaterThan(0);
    expect(issues.filter((i) => i.state_reason === 'not_planned').length).toBeGreaterThan(0);
    // Stuck: open and untouched for two weeks or more.
    expect(open.filter((i) => now - Date.parse(i.updated_at) > 14 * day).length).toBeGreaterThan(0);
    // Created and closed in each of the last six months, more lately than a year ago.
    for (let m = 0; m < 6; m++) {
      const from = now - (m + 1) * 30 * day;
      const to = now - m * 30 * day;
      const inMonth = (t: string | null) => t !== null && Date.parse(t) >= from && Date.parse(t) < to;
      expect(all.filter((i) => inMonth(i.created_at)).length).toBeGreaterThan(50);
      expect(all.filter((i) => inMonth(i.closed_at)).length).toBeGreaterThan(50);
    }
    const createdWithin = (fromDays: number, toDays: number) =>
      all.filter(
        (i) =>
          now - Date.parse(i.created_at) >= fromDays * day && now - Date.parse(i.created_at) < toDays * day,
      ).length;
    expect(createdWithin(0, 90)).toBeGreaterThan(createdWithin(360, 450));
  });
});

describe('mutations', () => {
  it('touch changes items that a since query then finds', async () => {
    const h = await startService(createGithubService, 'github', { seed: 3, size: 600 });
    advance(h, 600);
    const since = h.clock.now.toISOString();
    const { changed } = h.service.mutate({ action: 'touch', count: 12 });
    expect(changed).toHaveLength(12);
    const found: string[] = [];
    for (const name of await repoNames(h)) {
      for (const i of await everything(h, name, `state=all&since=${since}`))
        found.push(`spiral-labs/${name}#${i.number}`);
    }
    await h.app.close();
    expect(found.sort()).toEqual([...changed].sort());
  });
  it('create adds open items and delete removes them from lists (410 on read)', async () => {
    const h = await startService(createGithubService, 'github', { seed: 3, size: 300 });
    const before = h.service.stats();
    const created = h.service.mutate({ action: 'create', count: 5 }).changed;
    const deleted = h.service.mutate({ action: 'delete', count: 4 }).changed;
    const after = h.service.stats();
    expect(after.items).toBe((before.items ?? 0) + 5 - 4);
    expect(after.deleted).toBe(4);
    const gh = caller(h, AUTH);
    for (const key of created.filter((k) => !deleted.includes(k))) {
      const [repo, number] = key.split('#');
      expect(json<Issue>(await gh('GET', `/repos/${repo}/issues/${number}`)).state).toBe('open');
    }
    for (const key of deleted) {
      const [repo = '', number] = key.split('#');
      expect((await gh('GET', `/repos/${repo}/issues/${number}`)).statusCode).toBe(410);
      const listed = await everything(h, repo.split('/')[1] ?? '');
      expect(listed.map((i) => i.number)).not.toContain(Number(number));
    }
    await h.app.close();
  });
});

describe('size', () => {
  it('serves 20,000 items: every page of the busiest repository once, by update time', async () => {
    const h = await startService(createGithubService, 'github', { seed: 21, size: 20_000 });
    expect(h.service.stats()).toMatchObject({ items: 20_000 });
    const gh = caller(h, AUTH);
    const repos = json<{ name: string; open_issues_count: number }[]>(
      await gh('GET', '/user/repos?per_page=100'),
    );
    const busiest = repos.reduce((a, b) => (b.open_issues_count > a.open_issues_count ? b : a));
    const items = await everything(h, busiest.name, 'state=all&sort=updated');
    await h.app.close();
    expect(new Set(items.map((i) => i.number)).size).toBe(items.length);
    expect(Math.max(...items.map((i) => i.number))).toBe(items.length);
    const times = items.map((i) => i.updated_at);
    expect(times).toEqual([...times].sort().reverse());
  });
});

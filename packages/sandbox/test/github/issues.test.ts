import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubService } from '../../src/github/index.ts';
import { advance, caller, json, linkPath, startService, type Harness } from './helpers.ts';

/** Listing, filtering, paging and writing issues through the GitHub fake, as a sync client does. */

interface Issue {
  number: number;
  title: string;
  state: string;
  state_reason: string | null;
  updated_at: string;
  created_at: string;
  closed_at: string | null;
  labels: { name: string }[];
  assignee: { login: string } | null;
  assignees: { login: string }[];
  comments: number;
  pull_request?: { merged_at: string | null };
}

const REPO = '/repos/spiral-labs/api-gateway';
let h: Harness;
let gh: ReturnType<typeof caller>;

beforeAll(async () => {
  h = await startService(createGithubService, 'github', { size: 900 });
  gh = caller(h, { authorization: 'token sandbox-github-token' });
});
afterAll(async () => {
  await h.app.close();
});

/** Follows `link: rel="next"` from a first URL and returns every page's items and the pages' link headers. */
async function crawl(
  first: string,
): Promise<{ items: Issue[]; pages: number; links: (string | undefined)[] }> {
  const items: Issue[] = [];
  const links: (string | undefined)[] = [];
  let url: string | undefined = first;
  while (url) {
    const res = await gh('GET', url);
    expect(res.statusCode).toBe(200);
    items.push(...json<Issue[]>(res));
    const link = res.headers.link as string | undefined;
    links.push(link);
    url = linkPath(link, 'next');
  }
  return { items, pages: links.length, links };
}

describe('pagination', () => {
  it('visits every item exactly once, only through the link header', async () => {
    const newest = json<Issue[]>(await gh('GET', `${REPO}/issues?state=all&per_page=1`))[0];
    const { items, pages, links } = await crawl(`${REPO}/issues?state=all&per_page=37`);
    const numbers = items.map((i) => i.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...numbers].sort((a, b) => a - b)).toEqual(
      Array.from({ length: newest?.number ?? 0 }, (_, k) => k + 1),
    );
    // Newest first by default.
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(pages).toBe(Math.ceil(numbers.length / 37));
    expect(linkPath(links[0], 'last')).toBe(`${REPO}/issues?state=all&per_page=37&page=${pages}`);
    expect(linkPath(links[0], 'prev')).toBeUndefined();
    expect(linkPath(links[1], 'first')).toBe(`${REPO}/issues?state=all&per_page=37&page=1`);
    expect(linkPath(links[pages - 1], 'next')).toBeUndefined();
  });
  it('orders by update time and visits each item once in that order too', async () => {
    const { items } = await crawl(`${REPO}/issues?state=all&sort=updated&direction=asc&per_page=100`);
    const times = items.map((i) => Date.parse(i.updated_at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(items.map((i) => i.number)).size).toBe(items.length);
  });
  it('defaults to 30 a page, caps per_page at 100 and has no link when one page holds all', async () => {
    expect(json<Issue[]>(await gh('GET', `${REPO}/issues?state=all`))).toHaveLength(30);
    expect(json<Issue[]>(await gh('GET', `${REPO}/issues?state=all&per_page=500`))).toHaveLength(100);
    const one = await gh('GET', `${REPO}/issues?state=all&labels=bug,security,performance,priority: high`);
    expect(one.headers.link).toBeUndefined();
    const beyond = await gh('GET', `${REPO}/issues?state=all&page=9999`);
    expect(json(beyond)).toEqual([]);
  });
});

describe('filters', () => {
  it('since returns exactly the items updated at or after the instant', async () => {
    const { items: all } = await crawl(`${REPO}/issues?state=all&per_page=100`);
    const times = all.map((i) => i.updated_at).sort();
    const since = times[Math.floor(times.length * 0.8)] ?? '';
    const { items } = await crawl(`${REPO}/issues?state=all&per_page=100&since=${since}`);
    const expected = all
      .filter((i) => i.updated_at >= since)
      .map((i) => i.number)
      .sort((a, b) => a - b);
    expect(items.map((i) => i.number).sort((a, b) => a - b)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
  it('state, labels and assignee filters match what the items say', async () => {
    const open = (await crawl(`${REPO}/issues?per_page=100`)).items;
    expect(new Set(open.map((i) => i.state))).toEqual(new Set(['open']));
    const closed = (await crawl(`${REPO}/issues?state=closed&per_page=100`)).items;
    expect(new Set(closed.map((i) => i.state))).toEqual(new Set(['closed']));
    const all = (await crawl(`${REPO}/issues?state=all&per_page=100`)).items;
    expect(open.length + closed.length).toBe(all.length);
    const bugs = (await crawl(`${REPO}/issues?state=all&labels=bug&per_page=100`)).items;
    expect(bugs.map((i) => i.number)).toEqual(
      all.filter((i) => i.labels.some((l) => l.name === 'bug')).map((i) => i.number),
    );
    const none = (await crawl(`${REPO}/issues?state=all&assignee=none&per_page=100`)).items;
    expect(none.map((i) => i.number)).toEqual(all.filter((i) => i.assignee === null).map((i) => i.number));
    const someone = all.find((i) => i.assignee)?.assignee?.login ?? '';
    const mine = (await crawl(`${REPO}/issues?state=all&assignee=${someone}&per_page=100`)).items;
    expect(mine.map((i) => i.number)).toEqual(
      all.filter((i) => i.assignees.some((a) => a.login === someone)).map((i) => i.number),
    );
    expect(json(await gh('GET', `${REPO}/issues?labels=no-such-label`))).toEqual([]);
  });
  it('includes pull requests with a pull_request key, and /pulls lists exactly those', async () => {
    const all = (await crawl(`${REPO}/issues?state=all&per_page=100`)).items;
    const prs = all.filter((i) => i.pull_request);
    expect(prs.length).toBeGreaterThan(0);
    expect(prs.length).toBeLessThan(all.length);
    const pulls: { number: number; merged_at: string | null; title: string }[] = [];
    let url: string | undefined = `${REPO}/pulls?state=all&per_page=100`;
    while (url) {
      const res = await gh('GET', url);
      pulls.push(...json<typeof pulls>(res));
      url = linkPath(res.headers.link as string | undefined, 'next');
    }
    expect(pulls.map((p) => p.number)).toEqual(prs.map((p) => p.number));
    expect(pulls.map((p) => p.merged_at)).toEqual(prs.map((p) => p.pull_request?.merged_at ?? null));
    expect(pulls.map((p) => p.title)).toEqual(prs.map((p) => p.title));
    const merged = pulls.find((p) => p.merged_at);
    const full = json<{ merged: boolean; merged_by: { login: string } | null }>(
      await gh('GET', `${REPO}/pulls/${merged?.number}`),
    );
    expect(full.merged).toBe(true);
    expect(full.merged_by?.login).toMatch(/^[a-z-]+\d*$/);
    const issueOnly = all.find((i) => !i.pull_request);
    expect((await gh('GET', `${REPO}/pulls/${issueOnly?.number}`)).statusCode).toBe(404);
  });
});

describe('writes', () => {
  it('creates an issue that reads back, lists first and carries the clock time', async () => {
    advance(h, 3600);
    const res = await gh('POST', `${REPO}/issues`, {
      title: 'Checkout button hidden on iPad',
      body: 'Steps inside.',
      labels: ['bug'],
      assignees: ['spiral-sync-bot'],
    });
    expect(res.statusCode).toBe(201);
    const created = json<Issue>(res);
    expect(res.headers.location).toBe(`http://127.0.0.1:8071${REPO}/issues/${created.number}`);
    expect(created).toMatchObject({
      title: 'Checkout button hidden on iPad',
      state: 'open',
      labels: [{ name: 'bug' }],
      assignees: [{ login: 'spiral-sync-bot' }],
      created_at: h.clock.now.toISOString().replace('.000Z', 'Z'),
      updated_at: h.clock.now.toISOString().replace('.000Z', 'Z'),
      comments: 0,
    });
    const newest = json<Issue[]>(await gh('GET', `${REPO}/issues?per_page=1`))[0];
    expect(newest?.number).toBe(created.number);
    expect(json<Issue>(await gh('GET', `${REPO}/issues/${created.number}`))).toEqual({
      ...created,
      closed_by: null,
    });
  });
  it('an edit of a generated issue is visible, moves updated_at and is found by since', async () => {
    const open = json<Issue[]>(await gh('GET', `${REPO}/issues?state=open&sort=created&direction=asc`));
    const target = open.find((i) => !i.pull_request);
    expect(target).toBeDefined();
    const path = `${REPO}/issues/${target?.number}`;
    advance(h, 7200);
    const at = h.clock.now.toISOString().replace('.000Z', 'Z');
    const res = await gh('PATCH', path, {
      title: 'Renamed by the test',
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect(res.statusCode).toBe(200);
    const after = json<Issue>(await gh('GET', path));
    expect(after).toMatchObject({
      title: 'Renamed by the test',
      state: 'closed',
      state_reason: 'not_planned',
      updated_at: at,
      closed_at: at,
    });
    const recent = json<Issue[]>(await gh('GET', `${REPO}/issues?state=all&since=${at}`));
    expect(recent.map((i) => i.number)).toEqual([target?.number]);
    expect(json<Issue>(await gh('GET', `${REPO}/issues/${target?.number}`)).created_at).toBe(
      target?.created_at,
    );
  });
  it('events and the timeline record writes with their actor and time', async () => {
    const created = json<Issue>(await gh('POST', `${REPO}/issues`, { title: 'Timeline subject' }));
    const path = `${REPO}/issues/${created.number}`;
    advance(h, 60);
    await gh('PATCH', path, { labels: ['enhancement'], assignees: ['spiral-sync-bot'] });
    advance(h, 60);
    await gh('PATCH', path, { state: 'closed' });
    advance(h, 60);
    await gh('PATCH', path, { state: 'open' });
    advance(h, 60);
    const comment = await gh('POST', `${path}/comments`, { body: 'Came back on staging.' });
    expect(comment.statusCode).toBe(201);
    type Ev = {
      event: string;
      actor: { login: string };
      label?: { name: string };
      assignee?: { login: string };
      state_reason?: string | null;
      body?: string;
    };
    const events = json<Ev[]>(await gh('GET', `${path}/events`));
    expect(
      events.map((e) => [
        e.event,
        e.actor.login,
        e.label?.name ?? e.assignee?.login ?? e.state_reason ?? null,
      ]),
    ).toEqual([
      ['labeled', 'spiral-sync-bot', 'enhancement'],
      ['assigned', 'spiral-sync-bot', 'spiral-sync-bot'],
      ['closed', 'spiral-sync-bot', 'completed'],
      ['reopened', 'spiral-sync-bot', 'reopened'],
    ]);
    const timeline = json<Ev[]>(await gh('GET', `${path}/timeline`));
    expect(timeline.map((e) => e.event)).toEqual(['labeled', 'assigned', 'closed', 'reopened', 'commented']);
    expect(timeline[4]?.body).toBe('Came back on staging.');
    const issue = json<Issue>(await gh('GET', path));
    expect(issue).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null, comments: 1 });
    const comments = json<{ body: string }[]>(await gh('GET', `${path}/comments`));
    expect(comments.map((c) => c.body)).toEqual(['Came back on staging.']);
  });
  it('refuses to reopen a merged pull request', async () => {
    const merged = json<{ number: number; merged_at: string | null }[]>(
      await gh('GET', `${REPO}/pulls?state=closed&per_page=100`),
    ).find((p) => p.merged_at);
    const res = await gh('PATCH', `${REPO}/issues/${merged?.number}`, { state: 'open' });
    expect(res.statusCode).toBe(422);
    expect(json<{ message: string }>(res).message).toBe('Validation Failed');
  });
});

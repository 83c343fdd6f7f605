import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import type { SourceAdapter } from '../../../src/sources/source-adapter.ts';
import {
  call,
  fetchAll,
  githubAdapter,
  listAll,
  startGithubFake,
  type AdapterHandle,
  type GithubFake,
} from './helpers.ts';

/** Single items, search and writes through the adapter, checked against what the fake then serves. */

let fake: GithubFake;
let handle: AdapterHandle;
let adapter: SourceAdapter;
let repo: string;

beforeAll(async () => {
  fake = await startGithubFake(120);
  handle = githubAdapter(fake.url);
  adapter = handle.adapter;
  repo = (await listAll<{ full_name: string }>(fake.url, '/user/repos?per_page=100'))[0]?.full_name ?? '';
});
afterAll(async () => {
  await handle.close();
  await fake.close();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const bot = { accountId: 'spiral-sync-bot', displayName: 'spiral-sync-bot', email: null };

describe('github items', () => {
  it('getItem returns the item as a backfill delivers it, with the single-issue payload as raw', async () => {
    const truth = (await call<Record<string, unknown>>(fake.url, 'GET', `/repos/${repo}/issues/3`)).body;
    const { items } = await fetchAll(adapter, repo, 100);
    const listed = items.find((i) => i.key === `${repo}#3`);
    const item = await adapter.getItem(`${repo}#3`);
    expect({ ...item, raw: null }).toEqual({ ...listed, raw: null });
    expect(item.raw).toEqual(truth);
    expect(item.transitions.length + item.comments.length).toBeGreaterThan(0);
  });

  it('an unknown or deleted item, an unknown repository or a malformed key are refused with their codes', async () => {
    const missing = await failure(adapter.getItem(`${repo}#99999`));
    expect([missing.code, missing.message]).toEqual(['not_found', 'github answered 404: Not Found']);
    const noRepo = await failure(adapter.getItem('spiral-labs/no-such-repo#1'));
    expect(noRepo.code).toBe('not_found');
    const malformed = await failure(adapter.getItem('not a key'));
    expect(malformed.code).toBe('validation_error');
    const deleted = await call<{ changed: string[] }>(fake.url, 'POST', '/_sandbox/mutate', {
      action: 'delete',
      count: 1,
    });
    const gone = await failure(adapter.getItem(deleted.body.changed[0] ?? ''));
    expect([gone.code, gone.message]).toEqual(['not_found', 'github answered 410: This issue was deleted']);
  });

  it('creates, updates, comments and transitions an issue, visible in the fake', async () => {
    const created = await adapter.createItem({
      projectKey: repo,
      title: 'Checkout fails on **Safari**',
      description: 'Steps in the [ticket](https://example.com/t/1).\n\nFixes #2',
      labels: ['bug'],
      assigneeAccountId: 'spiral-sync-bot',
    });
    const number = Number(created.key.split('#')[1]);
    const served = (await call<Record<string, unknown>>(fake.url, 'GET', `/repos/${repo}/issues/${number}`))
      .body;
    expect({ ...created, raw: undefined, createdAt: undefined, updatedAt: undefined }).toEqual({
      sourceId: String(served.id),
      key: `${repo}#${number}`,
      projectKey: repo,
      title: 'Checkout fails on **Safari**',
      description: 'Steps in the ticket.\n\nFixes #2',
      type: 'issue',
      status: { name: 'open', category: 'open' },
      priority: null,
      assignee: bot,
      reporter: bot,
      labels: ['bug'],
      team: null,
      parentKey: null,
      createdAt: undefined,
      updatedAt: undefined,
      closedAt: null,
      customFields: {
        number,
        node_id: served.node_id,
        html_url: served.html_url,
        state_reason: null,
        locked: false,
        draft: null,
        merged_at: null,
        milestone: null,
        issue_type: null,
        assignees: ['spiral-sync-bot'],
        author_association: served.author_association,
        comment_count: 0,
      },
      transitions: [],
      comments: [],
      links: [{ type: 'closes', direction: 'outward', targetKey: `${repo}#2`, sourceId: null }],
      raw: undefined,
    });

    const updated = await adapter.updateItem(created.key, {
      title: 'Checkout fails on Safari 18',
      labels: ['bug', 'in progress'],
    });
    expect([updated.title, updated.labels, updated.status]).toEqual([
      'Checkout fails on Safari 18',
      ['bug', 'in progress'],
      { name: 'in progress', category: 'open' },
    ]);
    expect(updated.transitions.map((t) => [t.from, t.to, t.actor])).toEqual([
      [{ name: 'open', category: 'open' }, { name: 'in progress', category: 'open' }, bot],
    ]);

    const comment = await adapter.addComment?.(created.key, 'Reproduced with `curl -v`, see **logs**.');
    expect(await adapter.listTransitions?.(created.key)).toEqual([
      { id: 'close', name: 'Close as completed', to: 'closed' },
      { id: 'close_not_planned', name: 'Close as not planned', to: 'not_planned' },
    ]);
    await adapter.transition?.(created.key, 'close_not_planned');
    const closed = await adapter.getItem(created.key);
    expect(closed.comments.map((c) => [c.sourceId, c.body, c.author])).toEqual([
      [comment?.sourceId, 'Reproduced with curl -v, see logs.', bot],
    ]);
    expect(closed.status).toEqual({ name: 'not_planned', category: 'closed_not_planned' });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.transitions.at(-1)?.to).toEqual(closed.status);
    expect(await adapter.listTransitions?.(created.key)).toEqual([
      { id: 'reopen', name: 'Reopen', to: 'open' },
    ]);
    const servedAfter = (
      await call<{ state: string; state_reason: string; title: string }>(
        fake.url,
        'GET',
        `/repos/${repo}/issues/${number}`,
      )
    ).body;
    expect([servedAfter.state, servedAfter.state_reason, servedAfter.title]).toEqual([
      'closed',
      'not_planned',
      'Checkout fails on Safari 18',
    ]);
  });

  it("refuses what GitHub cannot do, and passes GitHub's own validation messages on", async () => {
    expect((await failure(adapter.createItem({ projectKey: repo, title: 'x', priority: 'High' }))).code).toBe(
      'validation_error',
    );
    const bad = await failure(adapter.updateItem(`${repo}#1`, { assigneeAccountId: 'nobody-at-all' }));
    expect([bad.code, bad.message]).toEqual([
      'upstream_4xx',
      'github answered 422: Validation Failed; Issue assignees invalid',
    ]);
    const unknown = await failure(adapter.transition?.(`${repo}#1`, 'teleport') ?? Promise.resolve());
    expect(unknown.code).toBe('validation_error');
  });

  it('search maps key:value filters onto the issues list, one page per cursor', async () => {
    const query = `repo:${repo} state:closed label:bug sort:created order:asc`;
    const truth = await listAll<{ number: number }>(
      fake.url,
      `/repos/${repo}/issues?state=closed&labels=bug&sort=created&direction=asc&per_page=100`,
    );
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await adapter.search(query, { limit: 7, cursor });
      expect(page.items.length).toBeLessThanOrEqual(7);
      keys.push(...page.items.map((i) => i.key));
      expect(page.items.every((i) => i.labels.includes('bug') && i.status.category !== 'open')).toBe(true);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(keys).toEqual(truth.map((t) => `${repo}#${t.number}`));
    expect(truth.length).toBeGreaterThan(7);

    const prs = await adapter.search(`repo:${repo} is:pr`, { limit: 20 });
    expect(prs.items.length).toBeGreaterThan(0);
    expect(prs.items.every((i) => i.type === 'pull_request')).toBe(true);
    expect((await failure(adapter.search('checkout bug', { limit: 5 }))).code).toBe('validation_error');
    const other = await failure(
      adapter.search(`repo:${repo} state:open`, { limit: 5, cursor: prs.nextCursor ?? 'x' }),
    );
    expect(other.code).toBe('validation_error');
  });
});

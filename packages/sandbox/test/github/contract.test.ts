import Fastify, { type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubService } from '../../src/github/index.ts';
import { json, startService, type Harness } from './helpers.ts';
import { createContractValidator, loadGithubDescription, type ContractValidator } from './openapi.ts';

/**
 * Every endpoint and status the GitHub fake serves, validated against GitHub's own REST description
 * (@octokit/openapi, api.github.com). Where the description omits a status that api.github.com really returns
 * (401 and 429 on most endpoints, 404 on issue events), the body is checked against `basic-error`, the schema
 * GitHub uses for every error.
 */

const AUTH = { authorization: 'Bearer sandbox-github-token' };
const REPO = '/repos/spiral-labs/api-gateway';
const P = {
  issues: '/repos/{owner}/{repo}/issues',
  issue: '/repos/{owner}/{repo}/issues/{issue_number}',
  comments: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
  events: '/repos/{owner}/{repo}/issues/{issue_number}/events',
  timeline: '/repos/{owner}/{repo}/issues/{issue_number}/timeline',
  pulls: '/repos/{owner}/{repo}/pulls',
  pull: '/repos/{owner}/{repo}/pulls/{pull_number}',
  repo: '/repos/{owner}/{repo}',
  hooks: '/repos/{owner}/{repo}/hooks',
};

let v: ContractValidator;
let h: Harness;

beforeAll(async () => {
  v = createContractValidator(loadGithubDescription());
  h = await startService(createGithubService, 'github', { size: 400 });
});
afterAll(async () => {
  await h.app.close();
});

async function call(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers = AUTH,
) {
  return h.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as string }),
  });
}

function valid(method: string, path: string, res: LightMyRequestResponse, status: number): void {
  expect(res.statusCode).toBe(status);
  expect(v.check(method, path, res)).toEqual([]);
}

/** For statuses api.github.com returns but the description leaves out. */
function validError(res: LightMyRequestResponse, status: number, message: string): void {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(v.checkSchema('basic-error', json(res))).toEqual([]);
  expect(json<{ message: string }>(res).message).toContain(message);
}

async function newIssue(title = 'Contract test issue'): Promise<number> {
  const res = await call('POST', `${REPO}/issues`, { title, body: 'created by a test', labels: ['bug'] });
  expect(res.statusCode).toBe(201);
  return json<{ number: number }>(res).number;
}

/** Deletes a random item (GitHub's REST API cannot delete issues; admins can) and returns its issue path. */
function deletedIssuePath(): string {
  const { changed } = h.service.mutate({ action: 'delete', count: 1 });
  const [repo = '', number = ''] = (changed[0] ?? '').split('#');
  return `/repos/${repo}/issues/${number}`;
}

describe('issues', () => {
  it('lists issues and pull requests (first, middle and closed pages)', async () => {
    valid('GET', P.issues, await call('GET', `${REPO}/issues?state=all&per_page=50`), 200);
    valid(
      'GET',
      P.issues,
      await call('GET', `${REPO}/issues?state=all&per_page=50&page=2&sort=updated`),
      200,
    );
    valid('GET', P.issues, await call('GET', `${REPO}/issues?state=closed&labels=bug`), 200);
  });
  it('answers 404 for an unknown repository and 422 for a bad filter', async () => {
    valid('GET', P.issues, await call('GET', '/repos/spiral-labs/nope/issues'), 404);
    valid('GET', P.issues, await call('GET', `${REPO}/issues?state=sideways`), 422);
  });
  it('refuses a bad token with 401 Bad credentials', async () => {
    validError(
      await call('GET', `${REPO}/issues`, undefined, { authorization: 'Bearer wrong' }),
      401,
      'Bad credentials',
    );
  });
  it('gets open, closed and pull-request issues, 404 and 410', async () => {
    for (const n of [1, 2, 3, 4, 5, 6]) valid('GET', P.issue, await call('GET', `${REPO}/issues/${n}`), 200);
    valid('GET', P.issue, await call('GET', `${REPO}/issues/999999`), 404);
    valid('GET', P.issue, await call('GET', deletedIssuePath()), 410);
  });
  it('creates an issue (201), refuses bad JSON (400) and a missing title (422)', async () => {
    valid(
      'POST',
      P.issues,
      await call('POST', `${REPO}/issues`, { title: 'New', assignees: ['spiral-sync-bot'] }),
      201,
    );
    valid('POST', P.issues, await call('POST', `${REPO}/issues`, '{"title": '), 400);
    valid('POST', P.issues, await call('POST', `${REPO}/issues`, { body: 'no title' }), 422);
    valid('POST', P.issues, await call('POST', '/repos/spiral-labs/nope/issues', { title: 'x' }), 404);
  });
  it('updates an issue (200), refuses bad values (422), unknown (404) and deleted (410) ones', async () => {
    const n = await newIssue();
    valid(
      'PATCH',
      P.issue,
      await call('PATCH', `${REPO}/issues/${n}`, { state: 'closed', state_reason: 'not_planned' }),
      200,
    );
    valid('PATCH', P.issue, await call('PATCH', `${REPO}/issues/${n}`, { state: 'later' }), 422);
    valid('PATCH', P.issue, await call('PATCH', `${REPO}/issues/999999`, { title: 'x' }), 404);
    valid('PATCH', P.issue, await call('PATCH', deletedIssuePath(), { title: 'x' }), 410);
  });
});

describe('comments, events, timeline', () => {
  it('lists and creates comments', async () => {
    const n = await newIssue();
    valid('POST', P.comments, await call('POST', `${REPO}/issues/${n}/comments`, { body: 'First!' }), 201);
    valid('POST', P.comments, await call('POST', `${REPO}/issues/${n}/comments`, {}), 422);
    valid('POST', P.comments, await call('POST', `${REPO}/issues/999999/comments`, { body: 'x' }), 404);
    valid('GET', P.comments, await call('GET', `${REPO}/issues/${n}/comments`), 200);
    for (const k of [1, 2, 3, 4, 5, 6, 7, 8])
      valid('GET', P.comments, await call('GET', `${REPO}/issues/${k}/comments`), 200);
    valid('GET', P.comments, await call('GET', `${REPO}/issues/999999/comments`), 404);
  });
  it('lists events and the timeline of generated and written items', async () => {
    const n = await newIssue();
    await call('PATCH', `${REPO}/issues/${n}`, {
      title: 'Renamed',
      assignees: ['spiral-sync-bot'],
      labels: ['enhancement'],
    });
    await call('PATCH', `${REPO}/issues/${n}`, { state: 'closed' });
    await call('PATCH', `${REPO}/issues/${n}`, { state: 'open' });
    await call('POST', `${REPO}/issues/${n}/comments`, { body: 'Reopened because it came back.' });
    for (const k of [n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
      valid('GET', P.events, await call('GET', `${REPO}/issues/${k}/events`), 200);
      valid('GET', P.timeline, await call('GET', `${REPO}/issues/${k}/timeline`), 200);
    }
    valid('GET', P.timeline, await call('GET', `${REPO}/issues/999999/timeline`), 404);
    validError(await call('GET', `${REPO}/issues/999999/events`), 404, 'Not Found');
  });
  it('answers 410 for the comments, events and timeline of a deleted issue', async () => {
    const gone = deletedIssuePath();
    valid('GET', P.timeline, await call('GET', `${gone}/timeline`), 410);
    valid('GET', P.events, await call('GET', `${gone}/events`), 410);
    valid('GET', P.comments, await call('GET', `${gone}/comments`), 410);
  });
});

describe('pulls, repositories, user, rate limit', () => {
  it('lists and gets pull requests', async () => {
    valid('GET', P.pulls, await call('GET', `${REPO}/pulls?state=all&per_page=100`), 200);
    valid('GET', P.pulls, await call('GET', `${REPO}/pulls?state=open&sort=updated`), 200);
    valid('GET', P.pulls, await call('GET', `${REPO}/pulls?state=maybe`), 422);
    const list = json<{ number: number }[]>(await call('GET', `${REPO}/pulls?state=all&per_page=10`));
    expect(list.length).toBeGreaterThan(0);
    for (const pr of list) valid('GET', P.pull, await call('GET', `${REPO}/pulls/${pr.number}`), 200);
    valid('GET', P.pull, await call('GET', `${REPO}/pulls/999999`), 404);
  });
  it('gets a repository, the user and their repositories', async () => {
    valid('GET', P.repo, await call('GET', REPO), 200);
    valid('GET', P.repo, await call('GET', '/repos/spiral-labs/nope'), 404);
    valid('GET', '/user', await call('GET', '/user'), 200);
    valid('GET', '/user', await call('GET', '/user', undefined, { authorization: 'token wrong' }), 401);
    valid('GET', '/user/repos', await call('GET', '/user/repos?per_page=2'), 200);
    valid(
      'GET',
      '/user/repos',
      await call('GET', '/user/repos', undefined, { authorization: 'token wrong' }),
      401,
    );
    valid('GET', '/user/repos', await call('GET', '/user/repos?sort=stars'), 422);
    valid('GET', '/rate_limit', await call('GET', '/rate_limit'), 200);
  });
});

describe('hooks', () => {
  it('creates and lists repository webhooks', async () => {
    const body = {
      name: 'web',
      events: ['issues'],
      config: { url: 'http://127.0.0.1:9/hook', content_type: 'json', secret: 's' },
    };
    valid('POST', P.hooks, await call('POST', `${REPO}/hooks`, body), 201);
    valid('POST', P.hooks, await call('POST', `${REPO}/hooks`, { config: {} }), 422);
    valid('POST', P.hooks, await call('POST', '/repos/spiral-labs/nope/hooks', body), 404);
    valid('GET', P.hooks, await call('GET', `${REPO}/hooks`), 200);
  });
});

describe('fault answers', () => {
  async function faulty(fault: 'primary' | 'secondary' | 500 | 503) {
    const app = Fastify();
    const reset = 1_781_000_000;
    app.addHook('onRequest', async (_request, reply) => {
      if (fault === 'primary')
        return h.service.sendRateLimited(reply, 60, { limit: 100, remaining: 0, used: 100, resetAt: reset });
      if (fault === 'secondary')
        return h.service.sendRateLimited(reply, 30, { limit: 100, remaining: 40, used: 60, resetAt: reset });
      return h.service.sendServerError(reply, fault);
    });
    await h.service.register(app);
    try {
      if (fault === 500) return await app.inject({ method: 'GET', url: `${REPO}/pulls/1`, headers: AUTH });
      return await app.inject({
        method: 'POST',
        url: `${REPO}/issues`,
        headers: AUTH,
        payload: { title: 'x' },
      });
    } finally {
      await app.close();
    }
  }
  it('answers a primary rate limit as 403 with remaining 0', async () => {
    const res = await faulty('primary');
    valid('POST', P.issues, res, 403);
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(res.headers['retry-after']).toBeUndefined();
  });
  it('answers a secondary rate limit as 429 with retry-after', async () => {
    const res = await faulty('secondary');
    validError(res, 429, 'secondary rate limit');
    expect(res.headers['retry-after']).toBe('30');
  });
  it('answers server errors with GitHub bodies', async () => {
    valid('POST', P.issues, await faulty(503), 503);
    valid('GET', P.pull, await faulty(500), 500);
  });
});

describe('the validator', () => {
  it('catches a drifted body, a wrong type and an undeclared status', async () => {
    const res = await call('GET', `${REPO}/issues/1`);
    const issue = json<Record<string, unknown>>(res);
    const drift = (body: unknown, statusCode = 200) =>
      v.check('GET', P.issue, { ...res, statusCode, body: JSON.stringify(body) });
    const { number: _number, ...withoutNumber } = issue;
    expect(drift(withoutNumber)).toEqual([expect.stringContaining("must have required property 'number'")]);
    expect(drift({ ...issue, state: 7 })).toEqual([expect.stringContaining('/state must be string')]);
    expect(drift({ ...issue, closed_at: 'yesterday' })).toEqual([
      expect.stringContaining('must match format "date-time"'),
    ]);
    expect(drift(issue, 418)).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number} declares no 418 response',
    ]);
  });
});

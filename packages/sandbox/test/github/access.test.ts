import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubService } from '../../src/github/index.ts';
import { caller, json, startService, type Harness } from './helpers.ts';

/** Credentials, rate-limit accounting and malformed requests: answered as api.github.com answers them. */

const REPO = '/repos/spiral-labs/web-app';
let h: Harness;

beforeAll(async () => {
  h = await startService(createGithubService, 'github', {
    size: 300,
    extraCredentials: ['ghp_second_person'],
  });
});
afterAll(async () => {
  await h.app.close();
});

describe('credentials', () => {
  it('accepts the default token as Bearer, token and Basic, and an extra credential as another user', async () => {
    for (const authorization of [
      'Bearer sandbox-github-token',
      'token sandbox-github-token',
      `Basic ${Buffer.from('spiral-sync-bot:sandbox-github-token').toString('base64')}`,
    ]) {
      const res = await caller(h, { authorization })('GET', '/user');
      expect(res.statusCode).toBe(200);
      expect(json<{ login: string }>(res).login).toBe('spiral-sync-bot');
    }
    const other = json<{ login: string }>(
      await caller(h, { authorization: 'token ghp_second_person' })('GET', '/user'),
    );
    expect(other.login).not.toBe('spiral-sync-bot');
  });
  it('names the credential of a request for per-credential rate limits', async () => {
    const app = Fastify();
    const seen: (string | null)[] = [];
    app.addHook('onRequest', async (request) => {
      seen.push(h.service.credentialOf(request));
    });
    await h.service.register(app);
    for (const authorization of [
      'token abc',
      'Bearer def',
      `Basic ${Buffer.from('x:ghi').toString('base64')}`,
    ]) {
      await app.inject({ url: '/user', headers: { authorization } });
    }
    await app.inject({ url: '/user' });
    await app.close();
    expect(seen).toEqual(['abc', 'def', 'ghi', null]);
  });
  it('refuses a wrong token with 401 Bad credentials everywhere', async () => {
    const bad = caller(h, { authorization: 'Bearer ghp_wrong' });
    for (const url of ['/user', `${REPO}/issues`, `${REPO}/issues/1`, '/rate_limit']) {
      const res = await bad('GET', url);
      expect(res.statusCode).toBe(401);
      expect(json(res)).toEqual({
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }
  });
  it('hides private repositories from anonymous callers and asks them to authenticate for /user', async () => {
    const anon = caller(h, {});
    expect((await anon('GET', `${REPO}/issues`)).statusCode).toBe(404);
    const user = await anon('GET', '/user');
    expect(user.statusCode).toBe(401);
    expect(json<{ message: string }>(user).message).toBe('Requires authentication');
  });
});

describe('rate limits', () => {
  it('reports the budget on every answer and counts down per token', async () => {
    const gh = caller(h, { authorization: 'token sandbox-github-token' });
    const first = await gh('GET', `${REPO}/issues`);
    const second = await gh('GET', `${REPO}/issues/999999`);
    for (const res of [first, second]) {
      expect(res.headers['x-ratelimit-limit']).toBe('5000');
      expect(res.headers['x-ratelimit-resource']).toBe('core');
      expect(res.headers['x-github-request-id']).toMatch(
        /^[0-9A-F]{4}:[0-9A-F]{5}:[0-9A-F]{7}:[0-9A-F]{7}:[0-9A-F]{5}$/,
      );
    }
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(
      Number(first.headers['x-ratelimit-remaining']) - 1,
    );
    expect(Number(second.headers['x-ratelimit-used'])).toBe(Number(first.headers['x-ratelimit-used']) + 1);
    expect(first.headers['x-ratelimit-reset']).toBe(String(Math.floor(h.clock.now.getTime() / 1000) + 3600));
    const rate = await gh('GET', '/rate_limit');
    const again = await gh('GET', '/rate_limit');
    expect(again.headers['x-ratelimit-remaining']).toBe(rate.headers['x-ratelimit-remaining']);
    expect(json<{ rate: { remaining: number } }>(rate).rate.remaining).toBe(
      Number(second.headers['x-ratelimit-remaining']),
    );
  });
  it('answers 403 with remaining 0 once a budget is spent (60 an hour without a token)', async () => {
    const fresh = await startService(createGithubService, 'github', { size: 20 });
    const anon = caller(fresh, {});
    const answers = [];
    for (let i = 0; i < 61; i++) answers.push(await anon('GET', '/user'));
    await fresh.app.close();
    expect(answers.slice(0, 60).map((r) => r.statusCode)).toEqual(Array(60).fill(401));
    expect(answers[59]?.headers['x-ratelimit-remaining']).toBe('0');
    const refused = answers[60];
    expect(refused?.statusCode).toBe(403);
    expect(refused?.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused?.headers['x-ratelimit-used']).toBe('60');
    expect(refused?.headers['x-ratelimit-limit']).toBe('60');
    expect(refused && json<{ message: string }>(refused).message).toBe(
      'API rate limit exceeded for 127.0.0.1.',
    );
  });
  it("reports the core's rate state when its fault layer sets one", async () => {
    const app = Fastify();
    app.addHook('onRequest', async (request) => {
      request.sandboxRate = { limit: 100, remaining: 7, used: 93, resetAt: 1_781_500_000 };
    });
    await h.service.register(app);
    const res = await app.inject({
      url: `${REPO}/issues`,
      headers: { authorization: 'token sandbox-github-token' },
    });
    await app.close();
    expect(res.statusCode).toBe(200);
    expect([
      res.headers['x-ratelimit-limit'],
      res.headers['x-ratelimit-remaining'],
      res.headers['x-ratelimit-used'],
      res.headers['x-ratelimit-reset'],
    ]).toEqual(['100', '7', '93', '1781500000']);
  });
});

describe('malformed requests', () => {
  const gh = () => caller(h, { authorization: 'token sandbox-github-token' });
  it('answers bad JSON with 400 Problems parsing JSON, whatever the content type', async () => {
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
      const res = await gh()('POST', `${REPO}/issues`, 'title=oops', { 'content-type': type });
      expect(res.statusCode).toBe(400);
      expect(json(res)).toEqual({
        message: 'Problems parsing JSON',
        documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
        status: '400',
      });
    }
  });
  it('answers invalid fields with 422 Validation Failed and the list of errors', async () => {
    const res = await gh()('POST', `${REPO}/issues`, { title: '', assignees: 'me' });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toEqual({
      message: 'Validation Failed',
      errors: [
        { resource: 'Issue', field: 'title', code: 'invalid', value: '' },
        { resource: 'Issue', field: 'assignees', code: 'invalid', value: 'me' },
      ],
      documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
      status: '422',
    });
    const unknown = await gh()('POST', `${REPO}/issues`, { title: 'x', assignees: ['nobody-here'] });
    expect(json(unknown)).toMatchObject({
      errors: [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: 'nobody-here' }],
    });
  });
  it('never answers an arbitrary body or query with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string(), async (body, query) => {
        const post = await gh()('POST', `${REPO}/issues`, JSON.stringify(body));
        expect([201, 400, 422]).toContain(post.statusCode);
        const patch = await gh()('PATCH', `${REPO}/issues/3`, JSON.stringify(body));
        expect([200, 400, 422]).toContain(patch.statusCode);
        const list = await gh()(
          'GET',
          `${REPO}/issues?state=${encodeURIComponent(query)}&since=${encodeURIComponent(query)}&per_page=${encodeURIComponent(query)}`,
        );
        expect([200, 422]).toContain(list.statusCode);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
  it('answers unknown paths with GitHub 404 JSON', async () => {
    const res = await gh()('GET', '/repos/spiral-labs/web-app/milestones/ever');
    expect(res.statusCode).toBe(404);
    expect(json(res)).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
    expect([res.headers['x-ratelimit-limit'], res.headers['x-ratelimit-resource']]).toEqual(['5000', 'core']);
  });
});

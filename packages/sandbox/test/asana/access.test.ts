import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, type Harness } from '../github/helpers.ts';
import { API, asana, crawl, data, startAsana, WORKSPACE } from './helpers.ts';

/** Credentials and malformed requests, answered as Asana answers them: never a crash, never a 5xx. */

const HELP =
  'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors';
let h: Harness;
let call: ReturnType<typeof asana>;
let project = '';

beforeAll(async () => {
  h = await startAsana({ size: 200, extraCredentials: ['2/another-person-pat'] });
  call = asana(h);
  project = data<{ gid: string }[]>(await call('GET', `/projects?workspace=${WORKSPACE}`))[0]?.gid ?? '';
});
afterAll(async () => {
  await h.app.close();
});

describe('credentials', () => {
  it('refuses a missing or wrong token with 401 Not Authorized', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'sandbox-asana-token' }]) {
      const res = await caller(h, headers)('GET', `${API}/users/me`);
      expect(res.statusCode).toBe(401);
      expect(JSON.parse(res.body)).toEqual({ errors: [{ message: 'Not Authorized', help: HELP }] });
    }
  });
  it('accepts an extra credential as another person and names credentials for rate limits', async () => {
    const other = data<{ gid: string; name: string }>(
      await asana(h, '2/another-person-pat')('GET', '/users/me'),
    );
    expect(other.gid).not.toBe('1208000000100000');
    const app = Fastify();
    const seen: (string | null)[] = [];
    app.addHook('onRequest', async (request) => {
      seen.push(h.service.credentialOf(request));
    });
    await h.service.register(app);
    await app.inject({ url: `${API}/users/me`, headers: { authorization: 'Bearer abc' } });
    await app.inject({ url: `${API}/users/me` });
    await app.close();
    expect(seen).toEqual(['abc', null]);
  });
});

describe('malformed requests', () => {
  it('answers unparseable JSON, a missing data wrapper and bad ids with 400 and Asana errors', async () => {
    const raw = await h.app.inject({
      method: 'POST',
      url: `${API}/tasks`,
      headers: { authorization: 'Bearer sandbox-asana-token', 'content-type': 'application/json' },
      payload: '{"data": ',
    });
    expect(raw.statusCode).toBe(400);
    expect(JSON.parse(raw.body)).toEqual({
      errors: [{ message: 'Could not parse request data, invalid JSON', help: HELP }],
    });
    const unwrapped = await call('POST', '/tasks', { name: 'no wrapper', projects: [project] });
    expect(JSON.parse(unwrapped.body)).toEqual({ errors: [{ message: 'data: Missing input', help: HELP }] });
    const badId = await call('GET', '/tasks?project=website');
    expect([badId.statusCode, JSON.parse(badId.body)]).toEqual([
      400,
      { errors: [{ message: 'project: Not a recognized ID: website', help: HELP }] },
    ]);
    const badDate = await call('POST', '/tasks', {
      data: { name: 'x', projects: [project], due_on: 'next week' },
    });
    expect([badDate.statusCode, JSON.parse(badDate.body)]).toEqual([
      400,
      { errors: [{ message: 'due_on: Must be a date in YYYY-MM-DD format', help: HELP }] },
    ]);
    const readOnly = await call(
      'PUT',
      `/tasks/${data<{ gid: string }[]>(await call('GET', `/tasks?project=${project}&limit=1`))[0]?.gid}`,
      { data: { projects: [project] } },
    );
    expect(JSON.parse(readOnly.body)).toEqual({
      errors: [{ message: 'projects: Cannot write this property', help: HELP }],
    });
  });
  it('accepts form-encoded bodies as Asana does', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: `${API}/tasks`,
      headers: {
        authorization: 'Bearer sandbox-asana-token',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `name=From+a+form&projects=${project}&completed=true`,
    });
    expect(res.statusCode).toBe(201);
    expect(data<{ name: string; completed: boolean }>(res)).toMatchObject({
      name: 'From a form',
      completed: true,
    });
  });
  it('never answers an arbitrary body or query with a 5xx', async () => {
    const task =
      data<{ gid: string }[]>(await call('GET', `/tasks?project=${project}&limit=1`))[0]?.gid ?? '';
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string(), async (body, text) => {
        const wrapped = { data: body };
        for (const [method, path, payload] of [
          ['POST', '/tasks', wrapped],
          ['PUT', `/tasks/${task}`, wrapped],
          ['POST', `/tasks/${task}/stories`, wrapped],
          ['POST', `/tasks/${task}/addProject`, wrapped],
          ['POST', '/tasks', body],
        ] as const) {
          const res = await call(method, path, payload);
          expect(res.statusCode).toBeLessThan(500);
        }
        const q = encodeURIComponent(text);
        const list = await call(
          'GET',
          `/tasks?project=${project}&limit=${q}&offset=${q}&modified_since=${q}&opt_fields=${q}`,
        );
        expect([200, 400]).toContain(list.statusCode);
      }),
      { numRuns: 120, seed: 11 },
    );
  });
  it('answers unknown paths with an Asana 404', async () => {
    const res = await call('GET', '/portfolios/123/items');
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([
      404,
      { errors: [{ message: 'No matching route for request', help: HELP }] },
    ]);
  });
});

describe('result size', () => {
  it('refuses an unpaginated list above 1,000 tasks and pages through it with a limit', async () => {
    const big = await startAsana({ size: 12_000, seed: 8 });
    const bigCall = asana(big);
    const all = data<{ gid: string }[]>(await bigCall('GET', `/projects?workspace=${WORKSPACE}`));
    let refused: string | undefined;
    for (const p of all) {
      const res = await bigCall('GET', `/tasks?project=${p.gid}`);
      if (res.statusCode === 400) {
        expect(JSON.parse(res.body)).toEqual({
          errors: [
            {
              message:
                'The result is too large. You should use pagination (may require specifying a workspace)!',
              help: HELP,
            },
          ],
        });
        refused = p.gid;
        break;
      }
      expect(data<unknown[]>(res).length).toBeLessThanOrEqual(1000);
    }
    expect(refused).toBeDefined();
    const { items } = await crawl<{ gid: string }>(bigCall, `/tasks?project=${refused}&limit=100`);
    await big.app.close();
    expect(items.length).toBeGreaterThan(1000);
    expect(new Set(items.map((t) => t.gid)).size).toBe(items.length);
  });
});

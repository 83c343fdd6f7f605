import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import { githubAdapter, listAll, ORG, startGithubFake, TOKEN, type GithubFake } from './helpers.ts';

let fake: GithubFake;
beforeAll(async () => {
  fake = await startGithubFake(120);
});
afterAll(() => fake.close());

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('github connection', () => {
  it('reports who the token acts as and the rate-limit headers', async () => {
    const handle = githubAdapter(fake.url);
    try {
      const info = await handle.adapter.testConnection();
      expect(info).toEqual({
        identity: 'spiral-sync-bot',
        rateLimit: { limit: 5000, remaining: 4999, resetAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      });
    } finally {
      await handle.close();
    }
  });

  it('refuses a bad token as unauthorized, with GitHub words and without the token', async () => {
    const secret = 'ghp_thisIsNotAValidTokenButLooksLikeOne0001';
    const handle = githubAdapter(fake.url, {}, secret);
    try {
      const error = await failure(handle.adapter.testConnection());
      expect({ code: error.code, message: error.message, details: error.details }).toEqual({
        code: 'unauthorized',
        message: 'github answered 401: Bad credentials',
        details: { upstream_status: 401 },
      });
      const everything = JSON.stringify([
        error,
        error.message,
        error.details,
        String(error.cause),
        error.stack,
      ]);
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(TOKEN);
    } finally {
      await handle.close();
    }
  });

  it('answers network_error when nothing listens at the base URL', async () => {
    const handle = githubAdapter('http://127.0.0.1:9/');
    try {
      const error = await failure(handle.adapter.testConnection());
      expect([error.code, error.message]).toEqual(['network_error', 'could not reach github']);
    } finally {
      await handle.close();
    }
  });

  it('lists the repositories the token sees as projects', async () => {
    const handle = githubAdapter(fake.url);
    try {
      const projects = await handle.adapter.listProjects();
      const truth = await listAll<{ id: number; full_name: string }>(fake.url, '/user/repos?per_page=1');
      expect(projects.map(({ sourceId, key, name, team }) => ({ sourceId, key, name, team }))).toEqual(
        truth.map((r) => ({ sourceId: String(r.id), key: r.full_name, name: r.full_name, team: null })),
      );
      expect(projects.length).toBeGreaterThanOrEqual(2);
      expect(projects.every((p) => p.key.startsWith(`${ORG}/`))).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import { linearModule } from '../../../src/sources/linear/linear-module.ts';
import { OAUTH_TOKEN, SANDBOX_KEY, startLinear, type LinearHarness } from './linear-harness.ts';

let h: LinearHarness;
beforeAll(async () => {
  h = await startLinear(60);
});
afterAll(async () => {
  await h.close();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

describe('Linear credentials', () => {
  it('accepts an API key or an OAuth token and names their auth types', () => {
    expect(linearModule.credentialsSchema.safeParse({ type: 'api_key', api_key: 'lin_api_x' }).success).toBe(
      true,
    );
    expect(linearModule.credentialsSchema.safeParse({ type: 'oauth', access_token: 'tok' }).success).toBe(
      true,
    );
    expect(linearModule.credentialsSchema.safeParse({ type: 'api_key', access_token: 'tok' }).success).toBe(
      false,
    );
    expect(linearModule.authTypeOf({ type: 'api_key', api_key: 'k' })).toBe('api_key');
    expect(linearModule.authTypeOf({ type: 'oauth', access_token: 't' })).toBe('oauth');
    expect(() => linearModule.authTypeOf({ type: 'api_key', api_key: '' })).toThrow(AppError);
  });
});

describe('Linear testConnection and listProjects', () => {
  it('identifies the API key’s user by e-mail and reports the rate-limit state', async () => {
    const viewer = (await h.gql('{ viewer { email } }')).body.data.viewer;
    const info = await h.adapter().testConnection();
    expect(info).toEqual({
      identity: viewer.email,
      rateLimit: { limit: expect.any(Number), remaining: expect.any(Number), resetAt: expect.any(String) },
    });
    expect(info.rateLimit!.remaining).toBeLessThanOrEqual(info.rateLimit!.limit);
    expect(Number.isNaN(Date.parse(info.rateLimit!.resetAt!))).toBe(false);
  });

  it('sends an OAuth token as Bearer', async () => {
    const viewer = (await h.gql('{ viewer { email } }')).body.data.viewer;
    const info = await h.adapter({ type: 'oauth', access_token: OAUTH_TOKEN }).testConnection();
    expect(info.identity).toBe(viewer.email);
  });

  it('answers unauthorized for a wrong key, without the key in the error', async () => {
    const wrong = 'lin_api_wrong_5f3e9c1d7a';
    const error = await failure(h.adapter({ type: 'api_key', api_key: wrong }).testConnection());
    expect(error.code).toBe('unauthorized');
    expect(error.message).toBe(
      'linear answered 401: Authentication required, not authenticated (You need to authenticate to access this operation.)',
    );
    expect(
      JSON.stringify({ message: error.message, details: error.details, stack: error.stack }),
    ).not.toContain(wrong);
  });

  it('answers unauthorized for an API key sent as a Bearer token, with Linear’s hint', async () => {
    const error = await failure(h.adapter({ type: 'oauth', access_token: SANDBOX_KEY }).testConnection());
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('Remove the Bearer prefix');
    expect(error.message).not.toContain(SANDBOX_KEY);
  });

  it('lists every team as a project', async () => {
    const teams = (await h.gql('{ teams { nodes { id key name } } }')).body.data.teams.nodes as Array<{
      id: string;
      key: string;
      name: string;
    }>;
    const projects = await h.adapter().listProjects();
    expect(projects.map(({ raw: _raw, ...p }) => p)).toEqual(
      teams.map((t) => ({ sourceId: t.id, key: t.key, name: t.name, team: t.name })),
    );
    expect(projects.map((p) => p.key).sort()).toEqual(['DES', 'ENG', 'OPS']);
  });
});

describe('Linear errors', () => {
  it('answers not_found for an unknown issue, identifier or id', async () => {
    const adapter = h.adapter();
    const byKey = await failure(adapter.getItem('ENG-999999'));
    expect(byKey.code).toBe('not_found');
    expect(byKey.message).toBe(
      'linear answered 200: Entity not found: Issue (Could not find referenced Issue.)',
    );
    expect((await failure(adapter.getItem('00000000-0000-4000-8000-000000000000'))).code).toBe('not_found');
    expect((await failure(adapter.listTransitions!('NOPE-1'))).code).toBe('not_found');
  });

  it('answers not_found for an unknown team', async () => {
    const error = await failure(h.adapter().fetchItems({ projectKey: 'NOPE', pageSize: 10 }));
    expect(error.code).toBe('not_found');
    expect((await failure(h.adapter().createItem({ projectKey: 'NOPE', title: 'x' }))).code).toBe(
      'not_found',
    );
  });

  it('passes Linear’s own words on refused input as upstream_4xx', async () => {
    const error = await failure(h.adapter().updateItem('ENG-1', { fields: { estimate: -3 } }));
    expect(error.code).toBe('upstream_4xx');
    expect(error.message).toBe('linear answered 200: estimate must be a non-negative integer');
    expect(error.details).toEqual({ upstream_status: 200, upstream_code: 'INPUT_ERROR' });
  });

  it('refuses a cursor it did not issue, or one issued for another team', async () => {
    const adapter = h.adapter();
    expect(
      (await failure(adapter.fetchItems({ projectKey: 'ENG', pageSize: 10, cursor: 'garbage' }))).code,
    ).toBe('validation_error');
    const first = await adapter.fetchItems({ projectKey: 'OPS', pageSize: 5 });
    const error = await failure(
      adapter.fetchItems({ projectKey: 'ENG', pageSize: 5, cursor: first.nextCursor! }),
    );
    expect(error.message).toBe('cursor: issued for team OPS, not ENG');
  });
});

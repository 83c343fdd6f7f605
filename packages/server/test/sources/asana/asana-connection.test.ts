import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import { asanaModule } from '../../../src/sources/asana/asana-module.ts';
import { failure, startAsanaHarness, TOKEN, type AsanaHarness } from './asana-harness.ts';

/** Credentials, identity, projects and unknown items against the Asana fake. */

let h: AsanaHarness;

beforeAll(async () => {
  h = await startAsanaHarness(60);
});
afterAll(async () => {
  await h.close();
});

describe('asana connection', () => {
  it('names who the token acts as, with the API root given with or without /api/1.0', async () => {
    const expected = { identity: 'spiral.sync.bot@spiral-labs.example', rateLimit: null };
    expect(await h.adapter().testConnection()).toEqual(expected);
    expect(await h.adapter({ baseUrl: h.apiRoot.replace('/api/1.0', '') }).testConnection()).toEqual(
      expected,
    );
  });

  it('refuses a wrong token as unauthorized without quoting it', async () => {
    const secret = 'wrong-token-that-must-not-leak-1234567890';
    const error = await failure(h.adapter({ token: secret }).testConnection());
    expect(error).toBeInstanceOf(AppError);
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'unauthorized',
      message: 'asana answered 401: Not Authorized',
    });
    expect(JSON.stringify({ ...error, message: error.message, stack: (error as Error).stack })).not.toContain(
      secret,
    );
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('refuses malformed credentials without echoing them', () => {
    expect(asanaModule.credentialsSchema.safeParse({ token: '' }).success).toBe(false);
    expect(asanaModule.credentialsSchema.safeParse({ token: 'x', extra: 1 }).success).toBe(false);
    expect(asanaModule.authTypeOf({ token: 'x' })).toBe('bearer');
    let thrown: unknown;
    try {
      asanaModule.createAdapter(
        {
          tenantId: 't',
          instanceId: 'i',
          source: 'asana',
          baseUrl: new URL(h.apiRoot),
          credentials: { tokn: 'leaky-secret-value' },
          policy: { allowLinkLocal: false },
        },
        {} as never,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('validation_error');
    expect(JSON.stringify({ ...(thrown as AppError), m: (thrown as AppError).message })).not.toContain(
      'leaky',
    );
  });

  it('lists every project of every workspace', async () => {
    const workspaces = await h.fakeAll<{ gid: string }>('/workspaces');
    const truth = (
      await Promise.all(
        workspaces.map((w) =>
          h.fakeAll<{ gid: string; name: string }>(`/projects?workspace=${w.gid}&opt_fields=name,team.name`),
        ),
      )
    ).flat() as Array<{ gid: string; name: string; team: { name: string } }>;
    const projects = await h.adapter().listProjects();
    expect(projects.map(({ raw: _raw, ...p }) => p)).toEqual(
      truth.map((p) => ({ sourceId: p.gid, key: p.gid, name: p.name, team: p.team.name })),
    );
    expect(projects.length).toBeGreaterThan(0);
  });

  it('answers not_found for an unknown task, a non-gid key and an unknown project', async () => {
    const adapter = h.adapter();
    const unknown = await failure(adapter.getItem('1208000199999999'));
    expect({ code: unknown.code, message: unknown.message }).toEqual({
      code: 'not_found',
      message: 'asana answered 404: task: Unknown object: 1208000199999999',
    });
    expect((await failure(adapter.getItem('../users/me'))).code).toBe('not_found');
    expect((await failure(adapter.fetchItems({ projectKey: '1208000000399999', pageSize: 10 }))).code).toBe(
      'not_found',
    );
  });
});

import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../../src/errors/app-error.ts';
import { jiraModule } from '../../../src/sources/jira/jira-module.ts';
import { BASIC, JIRA_EMAIL, OAUTH_TOKEN, jiraAdapter, startJiraFake, type JiraFake } from './jira-fixture.ts';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${inspect(error)}`);
  return error;
}

/** Everything an error could show anywhere: message, details, cause chain, inspection. */
function everythingIn(error: AppError): string {
  return `${error.message} ${JSON.stringify(error.details)} ${inspect(error, { depth: 10 })}`;
}

describe('jira connection, projects and people', () => {
  let fake: JiraFake;
  beforeAll(async () => {
    fake = await startJiraFake(120);
  });
  afterAll(async () => {
    await fake.sandbox.close();
  });

  it('tests a connection as the account of an API token, without rate-limit headers to report', async () => {
    const adapter = jiraAdapter(fake);
    try {
      expect(await adapter.testConnection()).toEqual({ identity: JIRA_EMAIL, rateLimit: null });
    } finally {
      await adapter.close();
    }
  });

  it('refuses a wrong API token as unauthorized, and the token appears nowhere in the error', async () => {
    const secret = 'wrong-token-5b1f0c9e';
    const adapter = jiraAdapter(fake, { credentials: { ...BASIC, api_token: secret } });
    try {
      const error = await failure(adapter.testConnection());
      expect(error.code).toBe('unauthorized');
      expect(error.message).toBe('jira answered 401: Client must be authenticated to access this resource.');
      const shown = everythingIn(error);
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(Buffer.from(`${JIRA_EMAIL}:${secret}`).toString('base64'));
    } finally {
      await adapter.close();
    }
  });

  it('connects with an OAuth access token (Bearer) and refuses a wrong one without showing it', async () => {
    const good = jiraAdapter(fake, { credentials: { type: 'oauth', access_token: OAUTH_TOKEN } });
    const bad = jiraAdapter(fake, { credentials: { type: 'oauth', access_token: 'not-the-token-91c2' } });
    try {
      expect(await good.testConnection()).toEqual({ identity: JIRA_EMAIL, rateLimit: null });
      const error = await failure(bad.testConnection());
      expect(error.code).toBe('unauthorized');
      expect(everythingIn(error)).not.toContain('not-the-token-91c2');
    } finally {
      await good.close();
      await bad.close();
    }
  });

  it('validates credentials with bounded strings and names the auth type', () => {
    const schema = jiraModule.credentialsSchema;
    expect(schema.safeParse(BASIC).success).toBe(true);
    expect(schema.safeParse({ type: 'oauth', access_token: OAUTH_TOKEN }).success).toBe(true);
    expect(schema.safeParse({ ...BASIC, email: 'not-an-email' }).success).toBe(false);
    expect(schema.safeParse({ ...BASIC, api_token: '' }).success).toBe(false);
    expect(schema.safeParse({ ...BASIC, api_token: 'x'.repeat(1025) }).success).toBe(false);
    expect(schema.safeParse({ ...BASIC, api_token: 'has space' }).success).toBe(false);
    expect(schema.safeParse({ ...BASIC, extra: 1 }).success).toBe(false);
    expect(schema.safeParse({ type: 'oauth', access_token: 'a\r\nb' }).success).toBe(false);
    expect(jiraModule.authTypeOf(BASIC)).toBe('basic');
    expect(jiraModule.authTypeOf({ type: 'oauth', access_token: OAUTH_TOKEN })).toBe('oauth');
  });

  it('refuses to build an adapter from invalid credentials without echoing them', () => {
    const build = () =>
      jiraAdapter(fake, { credentials: { type: 'basic', email: 'x', api_token: 'secret value 77' } });
    expect(build).toThrow(
      expect.objectContaining({ code: 'validation_error', message: 'Invalid Jira credentials.' }),
    );
    try {
      build();
    } catch (error) {
      expect(inspect(error, { depth: 10 })).not.toContain('secret value 77');
    }
  });

  it('lists every project the fake serves', async () => {
    const adapter = jiraAdapter(fake);
    try {
      const projects = await adapter.listProjects();
      const raw = await fake.rest<{ values: { id: string; key: string; name: string }[] }>(
        'GET',
        '/rest/api/3/project/search?maxResults=100',
      );
      expect(projects.map(({ sourceId, key, name, team }) => ({ sourceId, key, name, team }))).toEqual(
        raw.body.values
          .map((p) => ({ sourceId: p.id, key: p.key, name: p.name, team: null }))
          .sort((a, b) => a.key.localeCompare(b.key)),
      );
      expect(projects.length).toBe(6);
    } finally {
      await adapter.close();
    }
  });

  it('finds people with their account ids', async () => {
    const adapter = jiraAdapter(fake);
    try {
      const people = await adapter.listUsers?.('maria');
      expect(people).toEqual([
        {
          accountId: expect.stringMatching(/^[0-9a-f]{24}$/),
          displayName: 'Maria Novak',
          email: 'maria.novak@spiral-labs.example',
        },
      ]);
    } finally {
      await adapter.close();
    }
  });

  it('answers not_found with Jira’s words for an issue that does not exist', async () => {
    const adapter = jiraAdapter(fake);
    try {
      const error = await failure(adapter.getItem('WEB-999999'));
      expect({ code: error.code, message: error.message }).toEqual({
        code: 'not_found',
        message: 'jira answered 404: Issue does not exist or you do not have permission to see it.',
      });
    } finally {
      await adapter.close();
    }
  });
});

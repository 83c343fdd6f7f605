import { describe, expect, it } from 'vitest';
import { expectJiraError, q, useJira, type SearchBody } from './harness.ts';

const basic = (user: string, secret: string): string =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

const jira = useJira({
  seed: 2,
  jira: { extraCredentials: ['maria.novak@spiral-labs.example:maria-token', 'oauth-access-token-1'] },
});

describe('authentication', () => {
  it('refuses requests without credentials and with wrong ones, as Jira Cloud does', async () => {
    const f = jira();
    expectJiraError(await f.request('GET', '/rest/api/3/myself', { auth: null }), 401, [
      'You are not authenticated. Authentication required to perform this operation.',
    ]);
    const wrong = await f.request('GET', '/rest/api/3/myself', {
      auth: basic('demo@example.com', 'wrong-token'),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      message: 'Client must be authenticated to access this resource.',
      'status-code': 401,
    });
    expect(wrong.headers['x-seraph-loginreason']).toBe('AUTHENTICATED_FAILED');
    expect((await f.request('GET', '/rest/api/3/issue/PAY-1', { auth: 'Bearer not-a-token' })).status).toBe(
      401,
    );
    expect((await f.request('GET', '/rest/api/3/issue/PAY-1', { auth: 'Digest abc' })).status).toBe(401);
    // Server info is public on Jira Cloud.
    expect((await f.request('GET', '/rest/api/3/serverInfo', { auth: null })).status).toBe(200);
  });

  it('extra credentials act as their person; currentUser() follows the caller', async () => {
    const f = jira();
    const maria = basic('maria.novak@spiral-labs.example', 'maria-token');
    const me = (await f.request('GET', '/rest/api/3/myself', { auth: maria })).body as {
      displayName: string;
      accountId: string;
    };
    expect(me.displayName).toBe('Maria Novak');
    const mine = (
      await f.request(
        'GET',
        `/rest/api/3/search/jql?jql=${q('assignee = currentUser() ORDER BY key')}&fields=assignee&maxResults=100`,
        { auth: maria },
      )
    ).body as SearchBody;
    expect(mine.issues.length).toBeGreaterThan(0);
    expect(new Set(mine.issues.map((i) => (i.fields?.assignee as { accountId: string }).accountId))).toEqual(
      new Set([me.accountId]),
    );
    const bearer = (await f.request('GET', '/rest/api/3/myself', { auth: 'Bearer oauth-access-token-1' }))
      .body as { displayName: string };
    expect(bearer.displayName).toBe('Alex Kim');
  });
});

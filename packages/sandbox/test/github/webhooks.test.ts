import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubService } from '../../src/github/index.ts';
import { advance, caller, json, startService, type Harness } from './helpers.ts';
import { createContractValidator, loadGithubDescription, type ContractValidator } from './openapi.ts';
import { deliverByHttp, startReceiver, type Received, type Receiver } from './receiver.ts';

/** Repository webhooks delivered over HTTP to a receiver that verifies them as GitHub documents. */

const REPO = '/repos/spiral-labs/api-gateway';
const SECRET = 'It is a Secret to Everybody';
let h: Harness;
let receiver: Receiver;
let v: ContractValidator;
let gh: ReturnType<typeof caller>;

beforeAll(async () => {
  v = createContractValidator(loadGithubDescription());
  receiver = await startReceiver();
  h = await startService(createGithubService, 'github', { size: 200, deliverWebhook: deliverByHttp });
  gh = caller(h, { authorization: 'Bearer sandbox-github-token' });
});
afterAll(async () => {
  await h.app.close();
  await receiver.close();
});

/** What a receiver does: recompute the HMAC of the raw body and compare in constant time. */
function verified(delivery: Received, secret: string): boolean {
  const expected = `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`;
  const got = delivery.headers['x-hub-signature-256'] ?? '';
  return (
    got.length === expected.length &&
    createHmac('sha256', 'k').update(got).digest('hex') ===
      createHmac('sha256', 'k').update(expected).digest('hex')
  );
}

async function next(count: number): Promise<Received> {
  const all = await receiver.waitFor(count);
  const last = all[count - 1];
  if (!last) throw new Error('no delivery');
  return last;
}

function payload(d: Received): Record<string, unknown> & { action?: string } {
  return JSON.parse(d.body) as Record<string, unknown>;
}

describe('repository webhooks', () => {
  it('pings on creation, then delivers every change signed with the secret', async () => {
    const created = await gh('POST', `${REPO}/hooks`, {
      name: 'web',
      active: true,
      events: ['issues', 'issue_comment', 'pull_request'],
      config: { url: receiver.url, content_type: 'json', secret: SECRET },
    });
    expect(created.statusCode).toBe(201);
    const hookId = json<{ id: number }>(created).id;
    const pingDelivery = await next(1);
    expect(pingDelivery.headers).toMatchObject({
      'x-github-event': 'ping',
      'x-github-hook-id': String(hookId),
      'content-type': 'application/json',
      'x-github-hook-installation-target-type': 'repository',
    });
    expect(v.checkSchema('webhook-ping', payload(pingDelivery))).toEqual([]);

    advance(h, 60);
    const issue = json<{ number: number }>(
      await gh('POST', `${REPO}/issues`, { title: 'Hooked issue', labels: ['bug'] }),
    );
    const opened = await next(2);
    expect([opened.headers['x-github-event'], payload(opened).action]).toEqual(['issues', 'opened']);
    expect(v.checkSchema('webhook-issues-opened', payload(opened))).toEqual([]);

    const path = `${REPO}/issues/${issue.number}`;
    const steps: [() => Promise<unknown>, string, string, string][] = [
      [
        () => gh('PATCH', path, { title: 'Hooked issue, renamed' }),
        'issues',
        'edited',
        'webhook-issues-edited',
      ],
      [
        () => gh('PATCH', path, { labels: ['bug', 'enhancement'] }),
        'issues',
        'labeled',
        'webhook-issues-labeled',
      ],
      [
        () => gh('PATCH', path, { labels: ['enhancement'] }),
        'issues',
        'unlabeled',
        'webhook-issues-unlabeled',
      ],
      [
        () => gh('PATCH', path, { assignees: ['spiral-sync-bot'] }),
        'issues',
        'assigned',
        'webhook-issues-assigned',
      ],
      [() => gh('PATCH', path, { assignees: [] }), 'issues', 'unassigned', 'webhook-issues-unassigned'],
      [() => gh('PATCH', path, { state: 'closed' }), 'issues', 'closed', 'webhook-issues-closed'],
      [() => gh('PATCH', path, { state: 'open' }), 'issues', 'reopened', 'webhook-issues-reopened'],
      [
        () => gh('POST', `${path}/comments`, { body: 'Noted.' }),
        'issue_comment',
        'created',
        'webhook-issue-comment-created',
      ],
    ];
    let count = 2;
    for (const [act, event, action, schema] of steps) {
      await act();
      const d = await next(++count);
      expect([d.headers['x-github-event'], payload(d).action]).toEqual([event, action]);
      expect(v.checkSchema(schema, payload(d))).toEqual([]);
    }
    const pulls = json<{ number: number }[]>(await gh('GET', `${REPO}/pulls?state=open`));
    const pr = pulls[0];
    expect(pr).toBeDefined();
    await gh('PATCH', `${REPO}/issues/${pr?.number}`, { state: 'closed' });
    const closedPr = await next(++count);
    expect([closedPr.headers['x-github-event'], payload(closedPr).action, payload(closedPr).number]).toEqual([
      'pull_request',
      'closed',
      pr?.number,
    ]);
    expect(v.checkSchema('webhook-pull-request-closed', payload(closedPr))).toEqual([]);

    const all = await receiver.waitFor(count);
    expect(all.every((d) => verified(d, SECRET))).toBe(true);
    expect(all.some((d) => verified(d, 'another secret'))).toBe(false);
    expect(new Set(all.map((d) => d.headers['x-github-delivery'])).size).toBe(all.length);
    expect(all.every((d) => /^sha1=[0-9a-f]{40}$/.test(d.headers['x-hub-signature'] ?? ''))).toBe(true);
  });
  it('delivers nothing for repositories or events a hook did not subscribe to, and lists and deletes hooks', async () => {
    const before = receiver.received.length;
    const other = await gh('POST', '/repos/spiral-labs/web-app/hooks', {
      events: ['pull_request'],
      config: { url: `${receiver.url}/other`, content_type: 'json' },
    });
    expect(other.statusCode).toBe(201);
    await receiver.waitFor(before + 1); // its ping
    const id = json<{ id: number }>(other).id;
    await gh('POST', '/repos/spiral-labs/web-app/issues', { title: 'Not a pull request' });
    const listed = json<{ id: number; events: string[] }[]>(
      await gh('GET', '/repos/spiral-labs/web-app/hooks'),
    );
    expect(listed.map((x) => [x.id, x.events])).toEqual([[id, ['pull_request']]]);
    expect((await gh('DELETE', `/repos/spiral-labs/web-app/hooks/${id}`)).statusCode).toBe(204);
    expect((await gh('GET', `/repos/spiral-labs/web-app/hooks/${id}`)).statusCode).toBe(404);
    // A marker delivery on the first hook proves the issue above produced nothing in between.
    await gh('POST', `${REPO}/issues`, { title: 'Marker' });
    const marker = await next(before + 2);
    expect(payload(marker).action).toBe('opened');
    expect((payload(marker).issue as { title: string }).title).toBe('Marker');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import { githubModule } from '../../../src/sources/github/github-module.ts';
import {
  call,
  githubAdapter,
  listAll,
  startGithubFake,
  startReceiver,
  type AdapterHandle,
  type GithubFake,
  type Receiver,
} from './helpers.ts';

/** Deliveries captured from the fake's repository webhooks, checked as the webhook receiver will. */

const SECRET = 'whsec-github-test-0001';
const verify: typeof githubModule.webhook.verify = (...args) => githubModule.webhook.verify(...args);
const parse: typeof githubModule.webhook.parse = (body) => githubModule.webhook.parse(body);

let fake: GithubFake;
let receiver: Receiver;
let handle: AdapterHandle;
let repo: string;

beforeAll(async () => {
  fake = await startGithubFake(60);
  receiver = await startReceiver();
  handle = githubAdapter(fake.url);
  repo = (await listAll<{ full_name: string }>(fake.url, '/user/repos?per_page=100'))[0]?.full_name ?? '';
});
afterAll(async () => {
  await handle.close();
  await fake.close();
  await receiver.close();
});

async function settle(): Promise<void> {
  await fake.sandbox.services.github?.webhooks.settle();
}

function eventOf(delivery: Receiver['deliveries'][number]): string {
  return String(delivery.headers['x-github-event']);
}

describe('github webhooks', () => {
  it('verifies and parses real deliveries of issues, comments and pull requests', async () => {
    const hook = await call<{ id: number }>(fake.url, 'POST', `/repos/${repo}/hooks`, {
      name: 'web',
      events: ['issues', 'issue_comment', 'pull_request'],
      config: { url: receiver.url, content_type: 'json', secret: SECRET },
    });
    expect(hook.status).toBe(201);
    const created = await handle.adapter.createItem({ projectKey: repo, title: 'Webhook probe' });
    await handle.adapter.addComment?.(created.key, 'Seen by the hook.');
    const pr = (await handle.adapter.search(`repo:${repo} is:pr state:open`, { limit: 30 })).items[0];
    if (pr === undefined) throw new Error('the fake has no open pull request in this repository');
    await handle.adapter.updateItem(pr.key, { title: `${pr.title} (hooked)` });
    await settle();

    expect(receiver.deliveries.map(eventOf)).toEqual(['ping', 'issues', 'issue_comment', 'pull_request']);
    for (const delivery of receiver.deliveries) {
      expect(verify(delivery.headers, delivery.raw, SECRET)).toBe(true);
      expect(verify(delivery.headers, delivery.raw, 'another-secret')).toBe(false);
      expect(verify(delivery.headers, Buffer.concat([delivery.raw, Buffer.from(' ')]), SECRET)).toBe(false);
      expect(verify({ ...delivery.headers, 'x-hub-signature-256': undefined }, delivery.raw, SECRET)).toBe(
        false,
      );
      expect(verify({ ...delivery.headers, 'x-hub-signature-256': 'sha256=abc' }, delivery.raw, SECRET)).toBe(
        false,
      );
    }
    expect(receiver.deliveries.map((d) => parse(JSON.parse(d.raw.toString('utf8'))))).toEqual([
      { keys: [], projectKey: repo },
      { keys: [created.key], projectKey: repo },
      { keys: [created.key], projectKey: repo },
      { keys: [pr.key], projectKey: repo },
    ]);
  });

  it('parses form-encoded deliveries too, and refuses malformed bodies as validation_error', async () => {
    const before = receiver.deliveries.length;
    const hook = await call<{ id: number }>(fake.url, 'POST', `/repos/${repo}/hooks`, {
      events: ['issues'],
      config: { url: `${receiver.url}/form`, content_type: 'form', secret: SECRET },
    });
    expect(hook.status).toBe(201);
    await settle();
    const ping = receiver.deliveries[before];
    if (ping === undefined) throw new Error('no ping delivered');
    expect(verify(ping.headers, ping.raw, SECRET)).toBe(true);
    expect(parse(ping.raw.toString('utf8'))).toEqual({ keys: [], projectKey: repo });

    for (const body of [{}, { repository: {} }, 'not json', [], null, { repository: { full_name: 'x' } }]) {
      const error = (() => {
        try {
          parse(body);
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('validation_error');
    }
  });
});

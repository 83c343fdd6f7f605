import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { jiraModule } from '../../../src/sources/jira/jira-module.ts';
import { jiraAdapter, withJiraFake } from './jira-fixture.ts';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A local webhook receiver that keeps every delivery. */
async function startReceiver(): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/jira`,
    deliveries,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** What Jira Cloud adds to a delivery of a webhook registered with a secret. */
function sign(body: Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const webhook = jiraModule.webhook;

describe('jira webhooks', () => {
  it('verifies signatures of real deliveries and parses the issue they touch', async () => {
    const receiver = await startReceiver();
    try {
      await withJiraFake(120, async (fake) => {
        const adapter = jiraAdapter(fake);
        try {
          const registered = await fake.rest<{ webhookRegistrationResult: { createdWebhookId: number }[] }>(
            'POST',
            '/rest/api/3/webhook',
            {
              url: receiver.url,
              webhooks: [{ events: ['jira:issue_updated', 'comment_created'], jqlFilter: 'project = GROW' }],
            },
          );
          expect(registered.body.webhookRegistrationResult).toEqual([
            { createdWebhookId: expect.any(Number) },
          ]);
          const [issue] = (await adapter.search('project = GROW ORDER BY key ASC', { limit: 1 })).items;
          if (issue === undefined) throw new Error('GROW has no issues');
          await adapter.updateItem(issue.key, { title: 'Retitled by the webhook test' });
          await adapter.addComment!(issue.key, 'A comment for the webhook test');
          await fake.sandbox.services.jira?.webhooks.settle();
        } finally {
          await adapter.close();
        }
        const events = receiver.deliveries.map(
          (d) => (JSON.parse(d.body.toString('utf8')) as { webhookEvent: string }).webhookEvent,
        );
        expect(events.sort()).toEqual(['comment_created', 'jira:issue_updated', 'jira:issue_updated']);

        const secret = 'whsec-3f9d2c7a1b';
        for (const delivery of receiver.deliveries) {
          const headers = { ...delivery.headers, 'x-hub-signature': sign(delivery.body, secret) };
          expect(webhook.verify(headers, delivery.body, secret)).toBe(true);
          expect(
            webhook.verify({ 'X-Hub-Signature': sign(delivery.body, secret) }, delivery.body, secret),
          ).toBe(true);
          expect(
            webhook.verify(
              { ...headers, 'X-Hub-Signature': sign(delivery.body, secret) },
              delivery.body,
              secret,
            ),
          ).toBe(false);
          expect(webhook.verify(headers, delivery.body, 'another-secret')).toBe(false);
          expect(webhook.verify(delivery.headers, delivery.body, secret)).toBe(false);
          const tampered = Buffer.from(delivery.body);
          const at = tampered.length - 2;
          tampered[at] = (tampered[at] ?? 0) ^ 1;
          expect(webhook.verify(headers, tampered, secret)).toBe(false);
          expect(
            webhook.verify({ ...headers, 'x-hub-signature': 'sha1=abcdef' }, delivery.body, secret),
          ).toBe(false);
          expect(
            webhook.verify(
              { ...headers, 'x-hub-signature': [sign(delivery.body, secret), 'x'] },
              delivery.body,
              secret,
            ),
          ).toBe(false);
          expect(webhook.verify(headers, delivery.body, '')).toBe(false);

          const body = JSON.parse(delivery.body.toString('utf8')) as { issue: { key: string } };
          expect(webhook.parse(body)).toEqual({ keys: [body.issue.key], projectKey: 'GROW' });
        }
      });
    } finally {
      await receiver.close();
    }
  });

  it('refuses malformed deliveries as validation errors and ignores events about no issue', () => {
    for (const body of [
      null,
      'text',
      [],
      {},
      { webhookEvent: 'jira:issue_updated' },
      { webhookEvent: 'comment_created', issue: { key: '' } },
    ]) {
      expect(() => webhook.parse(body)).toThrow(expect.objectContaining({ code: 'validation_error' }));
    }
    expect(webhook.parse({ webhookEvent: 'sprint_started', sprint: { id: 1 } })).toEqual({
      keys: [],
      projectKey: null,
    });
    expect(
      webhook.parse({
        webhookEvent: 'jira:issue_deleted',
        issue: { key: 'PAY-12', fields: { project: { key: 'PAY' } } },
      }),
    ).toEqual({
      keys: ['PAY-12'],
      projectKey: 'PAY',
    });
  });
});

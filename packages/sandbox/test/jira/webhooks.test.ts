import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useJira, type JiraFixture } from './harness.ts';

const jira = useJira({ seed: 4 });

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: {
    webhookEvent: string;
    issue_event_type_name?: string;
    timestamp: number;
    matchedWebhookIds: number[];
    issue: { key: string; fields: Record<string, unknown> };
    changelog?: { id: string; items: { field: string; toString?: string }[] };
    comment?: { body: unknown };
  };
}

let receiver: Server;
let hookUrl = '';
const received: Delivery[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as Delivery['body'] });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  hookUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/jira`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** Waits for deliveries under way, then hands over (and forgets) what arrived. */
async function drain(f: JiraFixture): Promise<Delivery[]> {
  await f.sandbox.services.jira?.webhooks.settle();
  return received.splice(0, received.length);
}

describe('webhooks', () => {
  it('delivers created, updated (with changelog) and comment events that match the JQL filter', async () => {
    const f = jira();
    const reg = await f.request('POST', '/rest/api/3/webhook', {
      body: {
        url: hookUrl,
        webhooks: [
          {
            events: ['jira:issue_created', 'jira:issue_updated', 'comment_created'],
            jqlFilter: 'project = WEB',
          },
        ],
      },
    });
    const id = (reg.body as { webhookRegistrationResult: { createdWebhookId: number }[] })
      .webhookRegistrationResult[0]?.createdWebhookId;

    const web = (
      (
        await f.request('POST', '/rest/api/3/issue', {
          body: {
            fields: {
              project: { key: 'WEB' },
              issuetype: { name: 'Bug' },
              summary: 'Footer overlaps the cookie banner',
            },
          },
        })
      ).body as { key: string }
    ).key;
    await f.request('POST', '/rest/api/3/issue', {
      body: { fields: { project: { key: 'PAY' }, issuetype: { name: 'Bug' }, summary: 'Not for this hook' } },
    });
    await f.request('POST', `/rest/api/3/issue/${web}/transitions`, { body: { transition: { id: '21' } } });
    await f.request('POST', `/rest/api/3/issue/${web}/comment`, {
      body: {
        body: {
          type: 'doc',
          version: 1,
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'On it' }] }],
        },
      },
    });

    const events = (await drain(f)).sort(
      (a, b) => a.body.timestamp - b.body.timestamp || a.body.webhookEvent.localeCompare(b.body.webhookEvent),
    );
    expect(
      events.map((e) => `${e.body.webhookEvent}/${e.body.issue_event_type_name ?? ''}/${e.body.issue.key}`),
    ).toEqual([
      `jira:issue_created/issue_created/${web}`,
      `jira:issue_updated/issue_generic/${web}`,
      `comment_created//${web}`,
      `jira:issue_updated/issue_commented/${web}`,
    ]);
    expect(
      events.every((e) => e.body.matchedWebhookIds.length === 1 && e.body.matchedWebhookIds[0] === id),
    ).toBe(true);
    expect(events[0]?.headers['user-agent']).toBe('Atlassian Webhook HTTP Client');
    expect(events[0]?.body.issue.fields.summary).toBe('Footer overlaps the cookie banner');
    expect(events[1]?.body.changelog?.items).toEqual([
      {
        field: 'status',
        fieldtype: 'jira',
        fieldId: 'status',
        from: '10000',
        fromString: 'To Do',
        to: '3',
        toString: 'In Progress',
      },
    ]);
    await f.request('DELETE', '/rest/api/3/webhook', { body: { webhookIds: [id] } });
  });

  it('mutations from /_sandbox/mutate are delivered too, and failures are counted', async () => {
    const f = jira();
    const reg = await f.request('POST', '/rest/api/3/webhook', {
      body: {
        url: hookUrl,
        webhooks: [
          {
            events: ['jira:issue_updated', 'jira:issue_created', 'jira:issue_deleted'],
            jqlFilter: 'project in (PAY, WEB, OPS, MOB, DATA, GROW)',
          },
        ],
      },
    });
    const id = (reg.body as { webhookRegistrationResult: { createdWebhookId: number }[] })
      .webhookRegistrationResult[0]?.createdWebhookId;
    const before = f.sandbox.services.jira?.webhooks.counts().delivered ?? 0;
    const touched = (await f.request('POST', '/_sandbox/mutate', { body: { action: 'touch', count: 5 } }))
      .body as { changed: string[] };
    const created = (await f.request('POST', '/_sandbox/mutate', { body: { action: 'create', count: 2 } }))
      .body as { changed: string[] };
    const events = await drain(f);
    expect(
      new Set(
        events.filter((e) => e.body.webhookEvent === 'jira:issue_updated').map((e) => e.body.issue.key),
      ),
    ).toEqual(new Set(touched.changed));
    expect(
      events
        .filter((e) => e.body.webhookEvent === 'jira:issue_created')
        .map((e) => e.body.issue.key)
        .sort(),
    ).toEqual([...created.changed].sort());
    expect(f.sandbox.services.jira?.webhooks.counts()).toEqual({
      delivered: before + events.length,
      failed: 0,
      pending: 0,
    });
    await f.request('DELETE', '/rest/api/3/webhook', { body: { webhookIds: [id] } });

    // A receiver that is gone: the delivery fails, is counted, and the write still succeeds.
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadAddress = dead.address();
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const deadUrl = `http://127.0.0.1:${typeof deadAddress === 'object' && deadAddress !== null ? deadAddress.port : 0}/gone`;
    await f.request('POST', '/rest/api/3/webhook', {
      body: { url: deadUrl, webhooks: [{ events: ['jira:issue_created'], jqlFilter: 'project = OPS' }] },
    });
    const write = await f.request('POST', '/rest/api/3/issue', {
      body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Nobody listens' } },
    });
    expect(write.status).toBe(201);
    await drain(f);
    expect(f.sandbox.services.jira?.webhooks.counts().failed).toBe(1);
  });
});

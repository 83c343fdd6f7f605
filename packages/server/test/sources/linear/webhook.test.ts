import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import { linearModule } from '../../../src/sources/linear/linear-module.ts';
import { createLinearWebhookVerifier } from '../../../src/sources/linear/linear-webhook.ts';
import { startLinear, type LinearHarness } from './linear-harness.ts';

interface Delivery {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

const SECRET = 'lin_wh_test_secret_8d2c';

let h: LinearHarness;
let receiver: Server;
const deliveries: Delivery[] = [];

beforeAll(async () => {
  h = await startLinear(40);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  const team = (await h.gql('{ team(id: "ENG") { id } }')).body.data.team.id as string;
  const created = await h.gql(
    'mutation($input: WebhookCreateInput!) { webhookCreate(input: $input) { success webhook { id } } }',
    {
      input: {
        url: `http://127.0.0.1:${port}/hooks/linear`,
        teamId: team,
        resourceTypes: ['Issue', 'Comment'],
        secret: SECRET,
      },
    },
  );
  expect(created.body.data.webhookCreate.success).toBe(true);
});
afterAll(async () => {
  await h.close();
  await new Promise<void>((resolve, reject) => receiver.close((e) => (e ? reject(e) : resolve())));
});

/** Makes a change through the adapter and returns the deliveries it caused. */
async function deliveriesOf(change: () => Promise<unknown>): Promise<Delivery[]> {
  const from = deliveries.length;
  await change();
  await h.sandbox.services.linear!.webhooks.settle();
  return deliveries.slice(from);
}

const timestampOf = (d: Delivery): number =>
  (JSON.parse(d.raw.toString('utf8')) as { webhookTimestamp: number }).webhookTimestamp;

describe('Linear webhooks', () => {
  it('accepts a real delivery signed with the webhook’s secret and names the issue it touched', async () => {
    const [delivery, ...others] = await deliveriesOf(() =>
      h.adapter().updateItem('ENG-5', { title: 'Webhook check' }),
    );
    expect(others).toEqual([]);
    const at = timestampOf(delivery!);
    const verifier = createLinearWebhookVerifier(() => at + 30_000);
    expect(verifier.verify(delivery!.headers, delivery!.raw, SECRET)).toBe(true);
    expect(linearModule.webhook.verify(delivery!.headers, delivery!.raw, SECRET)).toBe(true);
    expect(verifier.parse(JSON.parse(delivery!.raw.toString('utf8')))).toEqual({
      keys: ['ENG-5'],
      projectKey: 'ENG',
    });
  });

  it('names the issue of a comment delivery', async () => {
    const [delivery] = await deliveriesOf(() => h.adapter().addComment!('ENG-6', 'Seen by the webhook'));
    const body = JSON.parse(delivery!.raw.toString('utf8')) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(body.type).toBe('Comment');
    const verifier = createLinearWebhookVerifier(() => timestampOf(delivery!));
    expect(verifier.verify(delivery!.headers, delivery!.raw, SECRET)).toBe(true);
    expect(verifier.parse(body)).toEqual({ keys: ['ENG-6'], projectKey: 'ENG' });
    // A payload that carries only the issue's id still names it (getItem takes ids).
    const { issue: _issue, ...bare } = body.data;
    expect(verifier.parse({ ...body, data: bare })).toEqual({ keys: [bare['issueId']], projectKey: null });
  });

  it('refuses a wrong secret, a changed body, a missing or malformed signature, and a replay', async () => {
    const [delivery] = await deliveriesOf(() => h.adapter().updateItem('ENG-7', { priority: '1' }));
    const at = timestampOf(delivery!);
    const verifier = createLinearWebhookVerifier(() => at);
    const { headers, raw } = delivery!;
    expect(verifier.verify(headers, raw, 'another-secret')).toBe(false);
    expect(
      verifier.verify(headers, Buffer.from(raw.toString('utf8').replace('ENG-7', 'ENG-8')), SECRET),
    ).toBe(false);
    expect(verifier.verify({ ...headers, 'linear-signature': undefined }, raw, SECRET)).toBe(false);
    expect(verifier.verify({ ...headers, 'linear-signature': 'zz' }, raw, SECRET)).toBe(false);
    expect(verifier.verify({ ...headers, 'linear-signature': 'abcd' }, raw, SECRET)).toBe(false);
    expect(verifier.verify(headers, raw, '')).toBe(false);
    expect(createLinearWebhookVerifier(() => at + 59_000).verify(headers, raw, SECRET)).toBe(true);
    expect(createLinearWebhookVerifier(() => at + 61_000).verify(headers, raw, SECRET)).toBe(false);
    expect(createLinearWebhookVerifier(() => at - 61_000).verify(headers, raw, SECRET)).toBe(false);
  });

  it('answers validation_error for malformed bodies and no keys for other resource types', () => {
    const verifier = createLinearWebhookVerifier();
    for (const body of [
      null,
      'text',
      {},
      { type: 'Issue', action: 'update', data: {} },
      { type: 'Comment', action: 'create', data: { body: 'x' } },
    ]) {
      const error = (() => {
        try {
          verifier.parse(body);
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('validation_error');
    }
    expect(verifier.parse({ type: 'Project', action: 'update', data: { id: 'p1' } })).toEqual({
      keys: [],
      projectKey: null,
    });
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import { asanaModule } from '../../../src/sources/asana/asana-module.ts';
import { asanaHandshakeSecret } from '../../../src/sources/asana/asana-webhook.ts';
import { startAsanaHarness, type AsanaHarness } from './asana-harness.ts';

/** A receiver that completes Asana's handshake, then checks and reads real deliveries of the fake. */

interface Delivery {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

interface Receiver {
  url: string;
  secret: string | null;
  deliveries: Delivery[];
  waitFor(count: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const waiters: Array<() => void> = [];
  const receiver: Receiver = {
    url: '',
    secret: null,
    deliveries: [],
    waitFor: async (count) => {
      while (receiver.deliveries.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return receiver.deliveries.slice(0, count);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const secret = asanaHandshakeSecret(request.headers);
      if (secret !== null) {
        receiver.secret = secret;
        response.writeHead(200, { 'X-Hook-Secret': secret }).end();
        return;
      }
      receiver.deliveries.push({ headers: request.headers, raw: Buffer.concat(chunks) });
      response.writeHead(200).end();
      waiters.splice(0).forEach((wake) => wake());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/asana`;
  return receiver;
}

let h: AsanaHarness;
let receiver: Receiver;
let project = '';

beforeAll(async () => {
  h = await startAsanaHarness(40);
  receiver = await startReceiver();
  project = (await h.adapter().listProjects())[0]?.key ?? '';
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

describe('asana webhooks', () => {
  it('completes the handshake, accepts genuine deliveries and refuses forged ones, and reads which tasks changed', async () => {
    const hook = await h.fake<{ 'X-Hook-Secret': string }>('POST', '/webhooks', {
      data: { resource: project, target: receiver.url },
    });
    expect(receiver.secret).toBe(hook['X-Hook-Secret']);
    const secret = receiver.secret ?? '';

    const adapter = h.adapter();
    const task = await adapter.createItem({ projectKey: project, title: 'Hooked' });
    await adapter.updateItem(task.key, { title: 'Hooked, renamed' });
    await adapter.addComment?.(task.key, 'Hooked comment');
    const deliveries = await receiver.waitFor(3);

    const webhook = asanaModule.webhook;
    const verify = webhook.verify.bind(webhook);
    const parse = webhook.parse.bind(webhook);
    expect(deliveries.map((d) => verify(d.headers, d.raw, secret))).toEqual([true, true, true]);
    const first = deliveries[0] as Delivery;
    expect(verify(first.headers, first.raw, 'another secret')).toBe(false);
    expect(verify(first.headers, Buffer.concat([first.raw, Buffer.from(' ')]), secret)).toBe(false);
    expect(verify({ ...first.headers, 'x-hook-signature': undefined }, first.raw, secret)).toBe(false);
    expect(verify({ ...first.headers, 'x-hook-signature': 'zz' }, first.raw, secret)).toBe(false);
    expect(verify(first.headers, first.raw, '')).toBe(false);

    // Deliveries travel on their own connections: their arrival order is not the order of the changes.
    const parsed = deliveries.map((d) => parse(JSON.parse(d.raw.toString('utf8'))));
    expect(parsed.sort((a, b) => String(a.projectKey).localeCompare(String(b.projectKey)))).toEqual([
      { keys: [task.key], projectKey: project },
      { keys: [task.key], projectKey: null },
      { keys: [task.key], projectKey: null },
    ]);
  });

  it('reads heartbeats as nothing and refuses bodies that are no delivery', () => {
    const parse = asanaModule.webhook.parse.bind(asanaModule.webhook);
    expect(parse({ events: [] })).toEqual({ keys: [], projectKey: null });
    for (const body of [
      null,
      {},
      { events: [{}] },
      { events: [{ action: 'changed', resource: { gid: 1 } }] },
    ]) {
      let thrown: unknown;
      try {
        parse(body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).code).toBe('validation_error');
    }
    expect(asanaHandshakeSecret({ 'x-hook-secret': 'b537207f20cbfa02' })).toBe('b537207f20cbfa02');
    expect(asanaHandshakeSecret({ 'x-hook-signature': 'abc' })).toBe(null);
  });
});

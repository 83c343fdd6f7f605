import { createServer, type IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../src/core/webhook-delivery.ts';

describe('WebhookDispatcher', () => {
  it('posts JSON, counts deliveries and failures, and never throws into the caller', async () => {
    const seen: { headers: IncomingHttpHeaders; body: string; url: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body, url: req.url ?? '' });
        res.writeHead(req.url === '/fail' ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    const dispatcher = new WebhookDispatcher();
    try {
      dispatcher.deliver(`${base}/ok`, '{"a":1}', { 'x-test': 'yes' });
      dispatcher.deliver(`${base}/fail`, '{"b":2}', {});
      dispatcher.deliver('http://127.0.0.1:1/refused', '{}', {});
      dispatcher.deliver('not a url', '{}', {});
      await dispatcher.settle();
      expect(dispatcher.counts()).toEqual({ delivered: 1, failed: 3, pending: 0 });
      const ok = seen.find((s) => s.url === '/ok');
      expect(ok?.body).toBe('{"a":1}');
      expect(ok?.headers['content-type']).toBe('application/json');
      expect(ok?.headers['x-test']).toBe('yes');
      dispatcher.resetCounts();
      expect(dispatcher.counts()).toEqual({ delivered: 0, failed: 0, pending: 0 });
    } finally {
      await dispatcher.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    // After close, deliveries are refused quietly.
    dispatcher.deliver(`${base}/ok`, '{}', {});
    expect(dispatcher.counts()).toEqual({ delivered: 0, failed: 0, pending: 0 });
  });
});

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for GitHub's secondary rate limits, which the fake's fault layer cannot produce (it refuses
 * only a spent quota, always as the primary 403): a loopback proxy in front of the fake that answers every
 * `every`-th request as GitHub does for a secondary limit (alternately 429 and 403, with `retry-after`) and
 * forwards all others unchanged.
 */
export interface LimitingProxy {
  url: string;
  limited: number;
  close(): Promise<void>;
}

const MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000.';

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startLimitingProxy(
  target: string,
  every: number,
  retryAfterSeconds: number,
): Promise<LimitingProxy> {
  let count = 0;
  const proxy: LimitingProxy = { url: '', limited: 0, close: () => Promise.resolve() };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      count++;
      if (count % every === 0) {
        proxy.limited++;
        const status = proxy.limited % 2 === 1 ? 429 : 403;
        response.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'retry-after': String(retryAfterSeconds),
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '4000',
        });
        response.end(JSON.stringify({ message: MESSAGE, documentation_url: 'https://docs.github.com/rest' }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
          headers[name] = value;
      }
      const answer = await fetch(`${target}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) {
          out[name] = value.replaceAll(target, proxy.url);
        }
      });
      response.writeHead(answer.status, out);
      response.end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return proxy;
}

import Fastify, { type FastifyInstance } from 'fastify';

/**
 * A webhook receiver on 127.0.0.1 (port 0) that keeps each delivery's exact bytes, so signatures can be checked
 * as a real receiver checks them, plus a delivery function that sends as the sandbox core does.
 */

export interface Received {
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves once `count` deliveries have arrived. */
  waitFor(count: number): Promise<Received[]>;
  /** Answers the next handshake requests with these headers (Asana's `X-Hook-Secret` echo). */
  respond: (headers: Record<string, string | string[] | undefined>) => Record<string, string>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const app: FastifyInstance = Fastify();
  const received: Received[] = [];
  const waiters: { count: number; resolve: (r: Received[]) => void }[] = [];
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const receiver: Receiver = {
    url: '',
    received,
    respond: () => ({}),
    waitFor(count) {
      if (received.length >= count) return Promise.resolve(received.slice());
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () => app.close(),
  };
  app.post('/*', (request, reply) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') headers[k] = v;
    received.push({ headers, body: typeof request.body === 'string' ? request.body : '' });
    for (const w of waiters.filter((x) => received.length >= x.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(received.slice());
    }
    return reply.code(200).headers(receiver.respond(request.headers)).send('');
  });
  receiver.url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/hook`;
  return receiver;
}

/** Sends a delivery as the sandbox core does: a plain POST, fire and forget. */
export function deliverByHttp(url: string, body: string, headers: Record<string, string>): void {
  void fetch(url, { method: 'POST', body, headers }).then(
    (res) => res.body?.cancel(),
    () => undefined,
  );
}

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.ts';
import { createRedisClient } from '../../src/kv/redis-client.ts';
import { redisUrl } from './backends.ts';

const SECRET = 'planted-s3cret-9f1c';

/** Resolves with the first `count` errors the client reports. */
function collectErrors(count: number): { onError: (e: Error) => void; errors: Promise<Error[]> } {
  const seen: Error[] = [];
  let done: (errors: Error[]) => void = () => undefined;
  const errors = new Promise<Error[]>((resolve) => {
    done = resolve;
  });
  return {
    onError(e) {
      seen.push(e);
      if (seen.length === count) done([...seen]);
    },
    errors,
  };
}

describe('createRedisClient', () => {
  it('reports connection errors through onError without the password, and fails commands fast', async () => {
    const { onError, errors } = collectErrors(2);
    // Port 1 refuses connections on this machine; the URL carries a password that must never surface.
    const client = createRedisClient(`redis://user:${SECRET}@127.0.0.1:1/0`, { onError });
    try {
      expect(client.status).toBe('wait');
      const failure: unknown = await client.ping().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).name).toBe('MaxRetriesPerRequestError');
      const reported = await errors;
      expect(reported.map((e) => [e.message, (e as { code?: string }).code])).toEqual([
        ['connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'],
        ['connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'],
      ]);
      for (const e of [...reported, failure as Error])
        expect(`${e.message}\n${e.stack ?? ''}`).not.toContain(SECRET);
    } finally {
      client.disconnect();
    }
  });

  it('masks the password if a connection error ever quotes it', async () => {
    const { onError, errors } = collectErrors(1);
    const client = createRedisClient(`redis://:${SECRET}@127.0.0.1:1`, { onError });
    try {
      client.emit('error', Object.assign(new Error(`AUTH ${SECRET} failed`), { code: 'EAUTH' }));
      const [reported] = await errors;
      expect([reported?.message, (reported as { code?: string } | undefined)?.code]).toEqual([
        'AUTH *** failed',
        'EAUTH',
      ]);
    } finally {
      client.disconnect();
    }
  });

  it('refuses a URL that is not redis:// or rediss:// without echoing it', () => {
    for (const url of [`http://user:${SECRET}@host`, `not a url ${SECRET}`]) {
      let thrown: unknown;
      try {
        createRedisClient(url, { onError: () => undefined });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect(thrown).toMatchObject({
        code: 'internal',
        message: 'The Redis URL is invalid (expected redis:// or rediss://).',
      });
    }
  });

  const url = redisUrl();
  it.runIf(url !== undefined)('connects on first use and names its connection', async () => {
    const name = `ds-test-${randomUUID().slice(0, 8)}`;
    const client = createRedisClient(url ?? '', {
      onError: (e) => expect.fail(e.message),
      connectionName: name,
    });
    try {
      expect(client.status).toBe('wait');
      expect(await client.ping()).toBe('PONG');
      expect(await client.client('GETNAME')).toBe(name);
    } finally {
      await client.quit();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.ts';
import { createKvServices } from '../../src/kv/kv-services.ts';
import { createRedisClient } from '../../src/kv/redis-client.ts';
import { redisUrl } from './backends.ts';

describe('createKvServices', () => {
  it('builds memory services when no client is given', async () => {
    const kv = createKvServices({ keyPrefix: 'ds:' });
    expect(kv.backend).toBe('memory');
    expect(await kv.ping()).toBe(true);
    await kv.close();
  });

  it('refuses an empty key prefix', () => {
    expect(() => createKvServices({ keyPrefix: '' })).toThrow(AppError);
  });

  it('wakes callers waiting on the memory idempotency store when closed, so nothing hangs', async () => {
    const kv = createKvServices({ keyPrefix: 'ds:' });
    // Far beyond the test timeout: only close() can end this wait in time.
    const woken = kv.idempotency.waitForChange('any-key', 10 * 60_000).then(() => 'woken');
    await kv.close();
    expect(await woken).toBe('woken');
  });

  it('answers ping false, without throwing, when Redis cannot be reached', async () => {
    const redis = createRedisClient('redis://127.0.0.1:1', { onError: () => undefined });
    try {
      const kv = createKvServices({ redis, keyPrefix: `dstest:kv:${randomUUID()}:` });
      expect(kv.backend).toBe('redis');
      expect(await kv.ping()).toBe(false);
      await kv.close();
    } finally {
      redis.disconnect();
    }
  });

  const url = redisUrl();
  it.runIf(url !== undefined)('uses a given Redis client and leaves it open on close', async () => {
    const redis = new Redis(url ?? '', { lazyConnect: true });
    try {
      const kv = createKvServices({ redis, keyPrefix: `dstest:kv:${randomUUID()}:` });
      expect(kv.backend).toBe('redis');
      expect(await kv.ping()).toBe(true);
      await kv.close();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      await redis.quit();
    }
  });
});

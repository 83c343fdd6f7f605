import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createKvServices } from '../../src/kv/kv-services.ts';
import type { KvServices } from '../../src/kv/kv-services.ts';

/** One test's view of a backend, under a fresh random key prefix. */
export interface KvHarness {
  kv: KvServices;
  /** The same backend and prefix as a second process sees it: its own client on Redis (memory has one process). */
  peer: KvServices;
  /** The same backend under another key prefix. */
  otherPrefix: KvServices;
  keyPrefix: string;
  /** The first client, for Redis-only checks of stored keys. */
  redis: Redis | undefined;
  /** Lets `ms` pass: the injected clock on memory, real time on Redis (whose TTLs and TIME we cannot fake). */
  elapse(ms: number): Promise<void>;
  /** Closes the services and clients and deletes every key under both prefixes. */
  close(): Promise<void>;
}

export interface KvBackend {
  name: 'memory' | 'redis';
  open(): Promise<KvHarness>;
}

/** The only place the kv tests read the environment. */
export function redisUrl(): string | undefined {
  const url = process.env.REDIS_URL;
  return url === undefined || url === '' ? undefined : url;
}

/** Memory always; Redis too when REDIS_URL is set. */
export function backends(): KvBackend[] {
  const url = redisUrl();
  return url === undefined ? [memoryBackend()] : [memoryBackend(), redisBackend(url)];
}

function memoryBackend(): KvBackend {
  return {
    name: 'memory',
    open() {
      let now = Date.UTC(2025, 0, 1);
      const clock = (): number => now;
      const keyPrefix = testPrefix();
      const kv = createKvServices({ keyPrefix, now: clock });
      const otherPrefix = createKvServices({ keyPrefix: testPrefix(), now: clock });
      return Promise.resolve({
        kv,
        peer: kv,
        otherPrefix,
        keyPrefix,
        redis: undefined,
        elapse(ms) {
          now += ms;
          return Promise.resolve();
        },
        async close() {
          await kv.close();
          await otherPrefix.close();
        },
      });
    },
  };
}

export function redisBackend(url: string): KvBackend {
  return {
    name: 'redis',
    async open() {
      const clients = [0, 1, 2].map(() => new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 }));
      const [first, second, third] = clients as [Redis, Redis, Redis];
      await Promise.all(clients.map((c) => c.connect()));
      const keyPrefix = testPrefix();
      const otherKeyPrefix = testPrefix();
      const kv = createKvServices({ redis: first, keyPrefix });
      const peer = createKvServices({ redis: second, keyPrefix });
      const otherPrefix = createKvServices({ redis: third, keyPrefix: otherKeyPrefix });
      return {
        kv,
        peer,
        otherPrefix,
        keyPrefix,
        redis: first,
        elapse: (ms) => sleep(ms),
        async close() {
          await Promise.all([kv.close(), peer.close(), otherPrefix.close()]);
          for (const prefix of [keyPrefix, otherKeyPrefix]) await deleteKeys(first, prefix);
          await Promise.all(clients.map((c) => c.quit()));
        },
      };
    },
  };
}

function testPrefix(): string {
  return `dstest:kv:${randomUUID()}:`;
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A promise with its resolve and reject functions, to hold an operation in flight. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (e: Error) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

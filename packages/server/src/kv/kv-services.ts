import type { Redis } from 'ioredis';
import { AppError } from '../errors/app-error.ts';
import type { Cache } from './cache.ts';
import { MemoryCache } from './cache-memory.ts';
import { RedisCache } from './cache-redis.ts';
import type { IdempotencyStore } from './idempotency-store.ts';
import { MemoryIdempotencyStore } from './idempotency-store-memory.ts';
import { RedisIdempotencyStore } from './idempotency-store-redis.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { MemoryRateLimiter } from './rate-limiter-memory.ts';
import { RedisRateLimiter } from './rate-limiter-redis.ts';

export interface KvServices {
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  cache: Cache;
  backend: 'redis' | 'memory';
  /** True when the backend answers; never throws, for health checks. */
  ping(): Promise<boolean>;
  /** Releases what the services created. A Redis client passed in stays open: its owner closes it. */
  close(): Promise<void>;
}

export interface KvServicesOptions {
  /** Shared by all processes when given; otherwise everything lives in this process's memory. */
  redis?: Redis | undefined;
  /** Prepended to every Redis key, e.g. `ds:`. */
  keyPrefix: string;
  /** Clock (ms) of the memory backend. Redis ignores it and uses the server's TIME and expiry. */
  now?: (() => number) | undefined;
}

/** Builds the rate limiter, idempotency store and cache on Redis when a client is given, else in memory. */
export function createKvServices(options: KvServicesOptions): KvServices {
  const { redis, keyPrefix } = options;
  if (keyPrefix === '') throw new AppError('internal', 'The key-value key prefix must not be empty.');
  if (redis !== undefined) {
    return {
      rateLimiter: new RedisRateLimiter(redis, keyPrefix),
      idempotency: new RedisIdempotencyStore(redis, keyPrefix),
      cache: new RedisCache(redis, keyPrefix),
      backend: 'redis',
      async ping() {
        try {
          return (await redis.ping()) === 'PONG';
        } catch {
          return false;
        }
      },
      close: () => Promise.resolve(),
    };
  }
  const now = options.now ?? Date.now;
  const idempotency = new MemoryIdempotencyStore(now);
  return {
    rateLimiter: new MemoryRateLimiter(now),
    idempotency,
    cache: new MemoryCache(now),
    backend: 'memory',
    ping: () => Promise.resolve(true),
    close() {
      idempotency.close();
      return Promise.resolve();
    },
  };
}

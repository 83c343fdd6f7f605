import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

export const cacheSetOptionsSchema = z.object({
  ttlSeconds: z
    .number()
    .positive()
    .max(30 * 86_400),
  /** Names under which the entry can be dropped at once with `invalidateTag`. */
  tags: z.array(z.string().min(1).max(256)).max(64).optional(),
});

export type CacheSetOptions = z.input<typeof cacheSetOptionsSchema>;

/** A JSON value cache with per-entry TTL and tag invalidation. */
export interface Cache {
  /** The stored value, or undefined when absent or expired. `T` is the caller's claim; nothing checks it. */
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` as JSON, replacing the entry and its tags. */
  set(key: string, value: unknown, options: CacheSetOptions): Promise<void>;
  /** True when there was a live entry to delete. */
  delete(key: string): Promise<boolean>;
  /** Deletes every live entry whose latest `set` carried `tag`; returns how many. */
  invalidateTag(tag: string): Promise<number>;
}

export interface ParsedCacheSet {
  json: string;
  ttlMs: number;
  tags: string[];
}

/**
 * Validates and serializes a `set`. Keys, values and options come from our own code, never from a client,
 * so a bad one is an `internal` error rather than the client's fault.
 */
export function parseCacheSet(key: string, value: unknown, options: CacheSetOptions): ParsedCacheSet {
  const parsed = cacheSetOptionsSchema.safeParse(options);
  if (!parsed.success || key === '') {
    throw new AppError('internal', 'Invalid cache key or options.', {
      details: {
        issues: parsed.error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [],
      },
    });
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new AppError('internal', 'Cache values must be JSON-serializable.', { cause });
  }
  // JSON.stringify(undefined) is undefined: such a value could not be told apart from a miss.
  if (json === undefined) throw new AppError('internal', 'Cache values must be JSON-serializable.');
  return {
    json,
    ttlMs: Math.ceil(parsed.data.ttlSeconds * 1000),
    tags: [...new Set(parsed.data.tags ?? [])],
  };
}

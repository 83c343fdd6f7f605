import type { Cache, CacheSetOptions } from './cache.ts';
import { parseCacheSet } from './cache.ts';
import { ExpiringMap } from './expiring-map.ts';

interface Entry {
  json: string;
  tags: ReadonlySet<string>;
}

/**
 * The single-process cache. Values are kept as JSON so a caller can never mutate a cached object, just as
 * with Redis. Tag invalidation scans the entries: the memory backend serves one process in development,
 * where that is cheaper than keeping a tag index in step with expiry.
 */
export class MemoryCache implements Cache {
  readonly #now: () => number;
  readonly #entries: ExpiringMap<Entry>;

  constructor(now: () => number) {
    this.#now = now;
    this.#entries = new ExpiringMap(now);
  }

  get<T>(key: string): Promise<T | undefined> {
    const entry = this.#entries.get(key);
    return Promise.resolve(entry === undefined ? undefined : (JSON.parse(entry.json) as T));
  }

  set(key: string, value: unknown, options: CacheSetOptions): Promise<void> {
    // An executor that throws rejects the promise, as an async method would.
    return new Promise((resolve) => {
      const { json, ttlMs, tags } = parseCacheSet(key, value, options);
      this.#entries.set(key, { json, tags: new Set(tags) }, this.#now() + ttlMs);
      resolve();
    });
  }

  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.#entries.delete(key));
  }

  invalidateTag(tag: string): Promise<number> {
    const tagged = [...this.#entries.entries()]
      .filter(([, entry]) => entry.tags.has(tag))
      .map(([key]) => key);
    for (const key of tagged) this.#entries.delete(key);
    return Promise.resolve(tagged.length);
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.ts';
import type { CacheSetOptions } from '../../src/kv/cache.ts';
import { backends, redisBackend, redisUrl } from './backends.ts';
import type { KvHarness } from './backends.ts';

const MINUTE = { ttlSeconds: 60 };

describe.each(backends())('Cache on $name', (backend) => {
  let h: KvHarness;
  beforeEach(async () => {
    h = await backend.open();
  });
  afterEach(async () => {
    await h.close();
  });

  it('returns what was stored, as a copy, and undefined for a miss', async () => {
    const value = { id: 'PROJ-1', labels: ['a', 'b'], estimate: null, nested: { ok: true } };
    await h.kv.cache.set('issue:PROJ-1', value, MINUTE);
    value.labels.push('mutated after set');
    expect(await h.peer.cache.get('issue:PROJ-1')).toEqual({
      id: 'PROJ-1',
      labels: ['a', 'b'],
      estimate: null,
      nested: { ok: true },
    });
    expect(await h.kv.cache.get('issue:PROJ-2')).toBeUndefined();
    await h.kv.cache.set('issue:PROJ-1', 'replaced', MINUTE);
    expect(await h.kv.cache.get('issue:PROJ-1')).toBe('replaced');
  });

  it('forgets an entry once its TTL has passed', async () => {
    await h.kv.cache.set('short', 1, { ttlSeconds: 0.2 });
    await h.kv.cache.set('long', 2, MINUTE);
    await h.elapse(300);
    expect([await h.kv.cache.get('short'), await h.kv.cache.get('long')]).toEqual([undefined, 2]);
  });

  it('invalidates exactly the entries tagged with a tag, across entries with several tags', async () => {
    await h.kv.cache.set('a', 'A', { ...MINUTE, tags: ['project:1'] });
    await h.kv.cache.set('b', 'B', { ...MINUTE, tags: ['project:1', 'user:7'] });
    await h.kv.cache.set('c', 'C', { ...MINUTE, tags: ['user:7'] });
    await h.kv.cache.set('d', 'D', MINUTE);
    const all = async (): Promise<unknown[]> =>
      Promise.all(['a', 'b', 'c', 'd'].map((k) => h.kv.cache.get(k)));

    expect(await h.kv.cache.invalidateTag('project:1')).toBe(2);
    expect(await all()).toEqual([undefined, undefined, 'C', 'D']);
    expect(await h.peer.cache.invalidateTag('user:7')).toBe(1);
    expect(await all()).toEqual([undefined, undefined, undefined, 'D']);
    expect(await h.kv.cache.invalidateTag('project:1')).toBe(0);
    expect(await h.kv.cache.invalidateTag('never-used')).toBe(0);
  });

  it('drops the old tags of an entry that is overwritten or deleted', async () => {
    await h.kv.cache.set('a', 1, { ...MINUTE, tags: ['t'] });
    await h.kv.cache.set('a', 2, MINUTE);
    await h.kv.cache.set('b', 1, { ...MINUTE, tags: ['t'] });
    expect(await h.kv.cache.delete('b')).toBe(true);
    expect(await h.kv.cache.delete('b')).toBe(false);
    await h.kv.cache.set('b', 2, MINUTE);
    expect(await h.kv.cache.invalidateTag('t')).toBe(0);
    expect([await h.kv.cache.get('a'), await h.kv.cache.get('b')]).toEqual([2, 2]);
  });

  it('does not invalidate a key that expired under a tag and was stored again without it', async () => {
    await h.kv.cache.set('a', 'tagged', { ttlSeconds: 0.2, tags: ['t'] });
    // A longer-lived entry keeps the tag itself alive past the first entry's expiry.
    await h.kv.cache.set('b', 'tagged', { ...MINUTE, tags: ['t'] });
    await h.elapse(300);
    await h.kv.cache.set('a', 'untagged', MINUTE);
    expect(await h.kv.cache.invalidateTag('t')).toBe(1);
    expect([await h.kv.cache.get('a'), await h.kv.cache.get('b')]).toEqual(['untagged', undefined]);
  });

  it('leaves keys under another prefix alone', async () => {
    await h.kv.cache.set('k', 'mine', { ...MINUTE, tags: ['t'] });
    await h.otherPrefix.cache.set('k', 'theirs', { ...MINUTE, tags: ['t'] });
    await h.otherPrefix.cache.set('other', 'theirs too', MINUTE);
    expect(await h.kv.cache.invalidateTag('t')).toBe(1);
    expect(await h.kv.cache.delete('other')).toBe(false);
    expect([
      await h.kv.cache.get('k'),
      await h.otherPrefix.cache.get('k'),
      await h.otherPrefix.cache.get('other'),
    ]).toEqual([undefined, 'theirs', 'theirs too']);
  });

  it('keeps keys and tags apart that differ only around ":"', async () => {
    await h.kv.cache.set('a:b', 1, { ...MINUTE, tags: ['x:y'] });
    await h.kv.cache.set('a', 2, { ...MINUTE, tags: ['x'] });
    await h.kv.cache.set('a%3Ab', 3, { ...MINUTE, tags: ['x%3Ay'] });
    expect(await h.kv.cache.invalidateTag('x')).toBe(1);
    expect([await h.kv.cache.get('a:b'), await h.kv.cache.get('a'), await h.kv.cache.get('a%3Ab')]).toEqual([
      1,
      undefined,
      3,
    ]);
  });

  it('refuses values that are not JSON and malformed options with an internal error', async () => {
    const bad: Array<[string, unknown, CacheSetOptions]> = [
      ['k', undefined, MINUTE],
      ['k', 10n, MINUTE],
      ['k', 1, { ttlSeconds: 0 }],
      ['k', 1, { ttlSeconds: Number.NaN }],
      ['k', 1, { ttlSeconds: 60, tags: [''] }],
      ['', 1, MINUTE],
    ];
    for (const [key, value, options] of bad) {
      const error: unknown = await h.kv.cache.set(key, value, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'internal' });
    }
    expect(await h.kv.cache.get('k')).toBeUndefined();
  });
});

const url = redisUrl();

describe.runIf(url !== undefined)('Cache on redis: stored keys', () => {
  it('keeps a tag set alive at least as long as its longest-lived entry', async () => {
    const h = await redisBackend(url ?? '').open();
    try {
      const redis = h.redis!;
      await h.kv.cache.set('long', 1, { ttlSeconds: 120, tags: ['t'] });
      await h.kv.cache.set('short', 1, { ttlSeconds: 30, tags: ['t'] });
      const tagTtl = await redis.pttl(`${h.keyPrefix}cache:t:t`);
      const entryTtl = await redis.pttl(`${h.keyPrefix}cache:v:long`);
      expect(entryTtl).toBeGreaterThan(110_000);
      expect(tagTtl).toBeGreaterThanOrEqual(entryTtl);
      expect((await redis.keys(`${h.keyPrefix}*`)).sort()).toEqual([
        `${h.keyPrefix}cache:t:t`,
        `${h.keyPrefix}cache:v:long`,
        `${h.keyPrefix}cache:v:short`,
      ]);
    } finally {
      await h.close();
    }
  });
});

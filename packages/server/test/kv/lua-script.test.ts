import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { luaScript } from '../../src/kv/lua-script.ts';
import { redisUrl } from './backends.ts';

const url = redisUrl();

describe.runIf(url !== undefined)('luaScript', () => {
  it('falls back to EVAL for a script the server has not seen, then runs it by SHA', async () => {
    const redis = new Redis(url ?? '', { lazyConnect: true });
    try {
      // A unique comment makes a script no other test (or earlier run) can have loaded.
      const source = `-- ${randomUUID()}\nreturn { KEYS[1], ARGV[1], ARGV[2] }`;
      const script = luaScript(redis, source);
      expect(await redis.script('EXISTS', shaOf(source))).toEqual([0]);
      expect(await script.run(['k'], ['a', 2])).toEqual(['k', 'a', '2']);
      expect(await redis.script('EXISTS', shaOf(source))).toEqual([1]);
      expect(await script.run(['k2'], ['b', 3])).toEqual(['k2', 'b', '3']);
    } finally {
      await redis.quit();
    }
  });
});

function shaOf(source: string): string {
  return createHash('sha1').update(source, 'utf8').digest('hex');
}

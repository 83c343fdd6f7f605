import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run by SHA (EVALSHA), loaded on first use. */
export interface LuaScript {
  run(keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

/**
 * Binds a Lua script to a client. A call is one EVALSHA round trip; only when the server does not know the
 * script yet (first use, restart, SCRIPT FLUSH) does it fall back to EVAL, which also caches it. We do this
 * instead of `defineCommand` so we never add methods to a client that its owner shares with others.
 */
export function luaScript(redis: Redis, source: string): LuaScript {
  const sha = createHash('sha1').update(source, 'utf8').digest('hex');
  return {
    async run(keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}

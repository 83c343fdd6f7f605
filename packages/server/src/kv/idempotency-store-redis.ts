import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { IdempotencyStore, ReserveResult } from './idempotency-store.ts';
import { luaScript } from './lua-script.ts';
import type { LuaScript } from './lua-script.ts';

/*
 * An entry is a hash {state, token, fingerprint, result}. Reserving is "create if absent" with the expiry
 * set in the same script, so two processes can never both reserve; the owner token makes complete and
 * release compare-and-set, so a late owner whose reservation expired cannot touch a newer one.
 */
const RESERVE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'state', 'in_flight', 'token', ARGV[1], 'fingerprint', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return { 'reserved' }
end
return redis.call('HMGET', KEYS[1], 'state', 'fingerprint', 'result')
`;

// HSET leaves the expiry alone, so a completed entry lives as long as its reservation would have.
const COMPLETE_LUA = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'completed', 'result', ARGV[2])
redis.call('HDEL', KEYS[1], 'token')
return 1
`;

const RELEASE_LUA = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;

const reserveReplySchema = z.union([
  z.tuple([z.literal('reserved')]),
  z.tuple([z.literal('in_flight'), z.string(), z.null()]),
  z.tuple([z.literal('completed'), z.string(), z.string()]),
]);

const flagReplySchema = z.union([z.literal(0), z.literal(1)]);

/** The idempotency store shared by every process connected to one Redis. */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #keyPrefix: string;
  readonly #reserve: LuaScript;
  readonly #complete: LuaScript;
  readonly #release: LuaScript;

  constructor(redis: Redis, keyPrefix: string) {
    this.#keyPrefix = keyPrefix;
    this.#reserve = luaScript(redis, RESERVE_LUA);
    this.#complete = luaScript(redis, COMPLETE_LUA);
    this.#release = luaScript(redis, RELEASE_LUA);
  }

  async reserve(fullKey: string, fingerprint: string, ttlMs: number): Promise<ReserveResult> {
    const token = randomUUID();
    const reply = reserveReplySchema.parse(
      await this.#reserve.run([this.#key(fullKey)], [token, fingerprint, ttlMs]),
    );
    switch (reply[0]) {
      case 'reserved':
        return { status: 'reserved', token };
      case 'in_flight':
        return { status: 'in_flight', fingerprint: reply[1] };
      case 'completed':
        return { status: 'completed', fingerprint: reply[1], result: reply[2] };
    }
  }

  async complete(fullKey: string, token: string, result: string): Promise<boolean> {
    return flagReplySchema.parse(await this.#complete.run([this.#key(fullKey)], [token, result])) === 1;
  }

  async release(fullKey: string, token: string): Promise<boolean> {
    return flagReplySchema.parse(await this.#release.run([this.#key(fullKey)], [token])) === 1;
  }

  // Duplicates poll (the caller picks a short backoff) rather than subscribe, which would need a second
  // connection per client for a rare case.
  async waitForChange(_fullKey: string, maxWaitMs: number): Promise<void> {
    await sleep(maxWaitMs);
  }

  #key(fullKey: string): string {
    return `${this.#keyPrefix}idem:${fullKey}`;
  }
}

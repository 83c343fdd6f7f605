import type { Redis } from 'ioredis';
import { z } from 'zod';
import { keyPart } from './key-parts.ts';
import { luaScript } from './lua-script.ts';
import type { LuaScript } from './lua-script.ts';
import { parseConsume, TOKEN_EPSILON } from './rate-limiter.ts';
import type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter.ts';

/*
 * One atomic step of the token bucket. "Now" is the server's TIME, so processes whose clocks disagree still
 * share one limit. Numbers are stored with %.17g because Lua's default number-to-string keeps only 14
 * digits, too few for a millisecond timestamp with a fraction. The hash expires when the bucket would be
 * full again, since a missing bucket means a full one. Needs Redis >= 5 (effect replication, so a script
 * may write after reading TIME). Replies are integers only: Lua numbers are truncated on the way out.
 */
const CONSUME_LUA = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local eps = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local tokens = capacity
local updated = now
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
if state[1] and state[2] then
  local last = tonumber(state[2])
  tokens = math.min(capacity, tonumber(state[1]) + math.max(0, now - last) / 1000 * refill)
  updated = math.max(last, now)
end
local allowed = 0
local retry = 0
if tokens + eps >= cost then
  allowed = 1
  tokens = math.max(0, tokens - cost)
else
  retry = math.max(1, math.ceil((cost - tokens) / refill - eps))
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'updated', string.format('%.17g', updated))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / refill * 1000) + 1)
return { allowed, math.floor(tokens + eps), retry }
`;

const replySchema = z.tuple([z.union([z.literal(0), z.literal(1)]), z.number().int(), z.number().int()]);

/** The rate limiter shared by every process connected to one Redis: one EVALSHA round trip per call. */
export class RedisRateLimiter implements RateLimiter {
  readonly #keyPrefix: string;
  readonly #script: LuaScript;

  constructor(redis: Redis, keyPrefix: string) {
    this.#keyPrefix = keyPrefix;
    this.#script = luaScript(redis, CONSUME_LUA);
  }

  async consume(key: string, rule: RateLimitRule, cost = 1): Promise<RateLimitDecision> {
    const { capacity, refillPerSecond } = parseConsume(key, rule, cost).rule;
    const reply = await this.#script.run(
      [`${this.#keyPrefix}rl:${keyPart(key)}`],
      [capacity, refillPerSecond, cost, TOKEN_EPSILON],
    );
    const [allowed, remaining, retryAfterSeconds] = replySchema.parse(reply);
    return { allowed: allowed === 1, limit: capacity, remaining, retryAfterSeconds };
  }
}

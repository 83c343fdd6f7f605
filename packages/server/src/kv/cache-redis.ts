import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Cache, CacheSetOptions } from './cache.ts';
import { parseCacheSet } from './cache.ts';
import { keyPart } from './key-parts.ts';
import { luaScript } from './lua-script.ts';
import type { LuaScript } from './lua-script.ts';

/*
 * An entry is a hash {v: JSON value, t: JSON list of its tag keys}. A tag is a sorted set of entry keys
 * scored by their expiry (ms, server time), so invalidation skips members whose entry has expired (the
 * key may since hold an untagged value) and each write prunes expired members, which keeps a long-lived
 * tag from growing without bound. A tag set's expiry is pushed out to at least each member's. Every
 * change runs in one script, so an invalidation never sees half a write. Scripts touch tag keys read
 * from entries, which is fine on one Redis but not on Redis Cluster.
 */
const SET_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[2])
local old = redis.call('HGET', KEYS[1], 't')
if old then
  for _, tagKey in ipairs(cjson.decode(old)) do redis.call('ZREM', tagKey, KEYS[1]) end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[1], 't', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], now + ttl + 1, KEYS[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('PTTL', KEYS[i]) < ttl + 1 then redis.call('PEXPIRE', KEYS[i], ttl + 1) end
end
return 1
`;

const DELETE_LUA = `
local tags = redis.call('HGET', KEYS[1], 't')
if tags then
  for _, tagKey in ipairs(cjson.decode(tags)) do redis.call('ZREM', tagKey, KEYS[1]) end
end
return redis.call('DEL', KEYS[1])
`;

const INVALIDATE_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local deleted = 0
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')) do
  local tags = redis.call('HGET', key, 't')
  if tags then
    for _, tagKey in ipairs(cjson.decode(tags)) do
      if tagKey ~= KEYS[1] then redis.call('ZREM', tagKey, key) end
    end
    deleted = deleted + redis.call('DEL', key)
  end
end
redis.call('DEL', KEYS[1])
return deleted
`;

const countReplySchema = z.number().int().min(0);

/** The cache shared by every process connected to one Redis. */
export class RedisCache implements Cache {
  readonly #redis: Redis;
  readonly #keyPrefix: string;
  readonly #set: LuaScript;
  readonly #delete: LuaScript;
  readonly #invalidate: LuaScript;

  constructor(redis: Redis, keyPrefix: string) {
    this.#redis = redis;
    this.#keyPrefix = keyPrefix;
    this.#set = luaScript(redis, SET_LUA);
    this.#delete = luaScript(redis, DELETE_LUA);
    this.#invalidate = luaScript(redis, INVALIDATE_LUA);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const json = await this.#redis.hget(this.#entryKey(key), 'v');
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async set(key: string, value: unknown, options: CacheSetOptions): Promise<void> {
    const { json, ttlMs, tags } = parseCacheSet(key, value, options);
    const tagKeys = tags.map((tag) => this.#tagKey(tag));
    await this.#set.run([this.#entryKey(key), ...tagKeys], [json, ttlMs, JSON.stringify(tagKeys)]);
  }

  async delete(key: string): Promise<boolean> {
    return countReplySchema.parse(await this.#delete.run([this.#entryKey(key)], [])) > 0;
  }

  async invalidateTag(tag: string): Promise<number> {
    return countReplySchema.parse(await this.#invalidate.run([this.#tagKey(tag)], []));
  }

  #entryKey(key: string): string {
    return `${this.#keyPrefix}cache:v:${keyPart(key)}`;
  }

  #tagKey(tag: string): string {
    return `${this.#keyPrefix}cache:t:${keyPart(tag)}`;
  }
}

import type { Cache } from '../../kv/cache.ts';
import { keyPart } from '../../kv/key-parts.ts';
import { hashOf } from './canonical-json.ts';

/** How long a Jira read is served from the cache: long enough to absorb a model's repeated calls. */
export const READ_TTL_SECONDS = 30;

export interface InstanceScope {
  tenantId: string;
  instanceId: string;
}

/** The tag of every cached read of one instance of one tenant; a write through MCP drops them all. */
export function instanceTag(scope: InstanceScope): string {
  return `mcp-jira:${keyPart(scope.tenantId)}:${keyPart(scope.instanceId)}`;
}

/**
 * `load()` once per (tenant, instance, operation, arguments) for READ_TTL_SECONDS. The key holds a hash of
 * the arguments, never the arguments themselves. A read that started before a write and ends after it may
 * store what it saw for one TTL; writes invalidate the tag when they finish, which covers every read after.
 */
export async function cachedRead<T>(
  cache: Cache,
  scope: InstanceScope,
  operation: string,
  args: unknown,
  load: () => Promise<T>,
): Promise<T> {
  const key = `${instanceTag(scope)}:${operation}:${hashOf(args)}`;
  const hit = await cache.get<T>(key);
  if (hit !== undefined) return hit;
  const value = await load();
  await cache.set(key, value, { ttlSeconds: READ_TTL_SECONDS, tags: [instanceTag(scope)] });
  return value;
}

/** Drops every cached read of the instance. */
export async function invalidateInstance(cache: Cache, scope: InstanceScope): Promise<void> {
  await cache.invalidateTag(instanceTag(scope));
}

import { EventEmitter } from 'node:events';
import type { Registry } from 'prom-client';
import type { Config } from '../config/config.ts';
import { buildKeyring, loadOrCreateDevKey, type Keyring } from '../crypto/keyring.ts';
import { loadMigrations, migrate, type Migration } from '../db/migrations.ts';
import { openDatabase, type DatabaseHandle } from '../db/open-database.ts';
import { createKvServices, type KvServices } from '../kv/kv-services.ts';
import { createRedisClient } from '../kv/redis-client.ts';
import type { Logger } from '../observability/logger.ts';
import { createMetricsRegistry } from '../observability/metrics.ts';
import type { SourceModules } from '../sources/adapter-provider.ts';
import { builtInSourceModules } from '../sources/source-modules.ts';

/** Everything a server, worker or command needs, built once and passed in (no singletons). */
export interface AppContext {
  config: Config;
  logger: Logger;
  db: DatabaseHandle;
  kv: KvServices;
  keyring: Keyring;
  metrics: Registry;
  migrations: Migration[];
  /** The source modules this process can connect to. */
  sources: SourceModules;
  /** In-process signals: `jobQueued` wakes a local sync worker at once. */
  events: EventEmitter<{ jobQueued: [] }>;
  close(): Promise<void>;
}

export interface CreateAppContextOptions {
  /** Apply pending migrations while starting (servers do; `migrate` does it explicitly). */
  migrate: boolean;
  /** Collect Node's default process metrics (off in tests, where many contexts share a process). */
  defaultMetrics?: boolean;
}

/** Opens the database and Redis (or their embedded stand-ins) and builds the context. */
export async function createAppContext(
  config: Config,
  logger: Logger,
  options: CreateAppContextOptions,
): Promise<AppContext> {
  const keyring = buildKeyring(
    config.encryption.currentKey ?? (await loadOrCreateDevKey(config.dataDir)),
    config.encryption.oldKeys,
  );
  const migrations = await loadMigrations();
  const db = await openDatabase(config.database, {
    // Only message and code: a pg error carries its client, connection parameters included.
    onIdleError: (error) =>
      logger.warn(
        { code: (error as { code?: unknown }).code, reason: error.message },
        'idle database connection failed',
      ),
  });
  const closers: Array<() => Promise<unknown>> = [() => db.close()];
  try {
    if (options.migrate) {
      const { applied } = await migrate(db, migrations);
      if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    }
    const redis =
      config.redis.kind === 'redis'
        ? createRedisClient(config.redis.url, {
            onError: (error: Error) => logger.warn({ err: error }, 'redis connection problem'),
          })
        : undefined;
    if (redis !== undefined) closers.unshift(async () => redis.quit());
    const kv = createKvServices({ redis, keyPrefix: config.redisKeyPrefix });
    closers.unshift(() => kv.close());
    return {
      config,
      logger,
      db,
      kv,
      keyring,
      metrics: createMetricsRegistry({ defaultMetrics: options.defaultMetrics ?? true }),
      migrations,
      sources: builtInSourceModules(),
      events: new EventEmitter(),
      close: async () => {
        for (const close of closers) await close();
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}

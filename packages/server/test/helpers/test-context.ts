import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import type { Config } from '../../src/config/config.ts';
import { buildKeyring, generateKeySpec } from '../../src/crypto/keyring.ts';
import { loadMigrations } from '../../src/db/migrations.ts';
import { createKvServices } from '../../src/kv/kv-services.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetricsRegistry } from '../../src/observability/metrics.ts';
import { EventEmitter } from 'node:events';
import { builtInSourceModules } from '../../src/sources/source-modules.ts';
import type { AppContext } from '../../src/runtime/app-context.ts';
import {
  createTestDatabase,
  preferredDatabaseKind,
  type DatabaseKind,
  type TestDatabase,
} from './databases.ts';

/** Every log line a test context wrote, for tests that inspect (or grep) them. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export interface TestContext {
  ctx: AppContext;
  database: TestDatabase;
  logs: LogCapture;
  /** The `id:base64` spec of the context's encryption key. */
  keySpec: string;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    env: 'test',
    logLevel: 'info',
    dataDir: '/nonexistent/data',
    database: { kind: 'pglite', dataDir: 'memory://' },
    redis: { kind: 'memory' },
    redisKeyPrefix: 'ds:',
    encryption: { currentKey: undefined, oldKeys: [] },
    http: {
      host: '127.0.0.1',
      bodyLimitBytes: 64 * 1024,
      ports: { api: 0, mcpJira: 0, mcpSql: 0 },
      mcpAllowedOrigins: ['https://assistant.example.com'],
    },
    demo: false,
    sync: { leaseSeconds: 30 },
    mcpJira: { readOnly: false },
    ...overrides,
  };
}

/**
 * A full AppContext on a fresh database (PGlite, or PostgreSQL when DATABASE_URL is set) and on Redis
 * (when REDIS_URL is set, under a random key prefix) or memory. `close()` drops the database and keys.
 */
export async function createTestContext(
  options: { kind?: DatabaseKind; poolMax?: number; config?: Partial<Config> } = {},
): Promise<TestContext> {
  const database = await createTestDatabase(options.kind ?? preferredDatabaseKind(), {
    poolMax: options.poolMax ?? 5,
  });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'info', destination: logs });
  const keyPrefix = `dstest:${randomBytes(6).toString('hex')}:`;
  const redisUrl = process.env.REDIS_URL;
  const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 }) : undefined;
  const kv = createKvServices({ redis, keyPrefix });
  const config = testConfig({ redisKeyPrefix: keyPrefix, ...options.config });
  const keySpec = generateKeySpec();
  const ctx: AppContext = {
    config,
    logger,
    db: database.handle,
    kv,
    keyring: buildKeyring(keySpec, []),
    metrics: createMetricsRegistry({ defaultMetrics: false }),
    migrations: await loadMigrations(),
    sources: builtInSourceModules(),
    events: new EventEmitter(),
    close: async () => {
      await kv.close();
      if (redis !== undefined) {
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      }
      await database.drop();
    },
  };
  return { ctx, database, logs, keySpec };
}

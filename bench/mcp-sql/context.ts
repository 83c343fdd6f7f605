import { EventEmitter } from 'node:events';
import { buildKeyring, generateKeySpec } from '../../packages/server/src/crypto/keyring.ts';
import { loadMigrations } from '../../packages/server/src/db/migrations.ts';
import { openDatabase } from '../../packages/server/src/db/open-database.ts';
import { createKvServices } from '../../packages/server/src/kv/kv-services.ts';
import { createLogger } from '../../packages/server/src/observability/logger.ts';
import { createMetricsRegistry } from '../../packages/server/src/observability/metrics.ts';
import type { AppContext } from '../../packages/server/src/runtime/app-context.ts';
import { builtInSourceModules } from '../../packages/server/src/sources/source-modules.ts';

/**
 * An AppContext on the bench database, as runtime/app-context.ts builds one for a server (runtime pool as
 * ds_runtime, owner pool for administration), with in-memory KV services and a warn-level logger.
 */
export async function createBenchContext(url: string, poolMax: number): Promise<AppContext> {
  const database = { kind: 'postgres' as const, url, migrationUrl: url, poolMax };
  const db = await openDatabase(database, { onIdleError: () => undefined });
  const kv = createKvServices({ keyPrefix: 'bench-mcp-sql:' });
  return {
    config: {
      env: 'production',
      logLevel: 'warn',
      dataDir: '/tmp',
      database,
      redis: { kind: 'memory' },
      redisKeyPrefix: 'bench-mcp-sql:',
      encryption: { currentKey: undefined, oldKeys: [] },
      http: {
        host: '127.0.0.1',
        bodyLimitBytes: 1 << 20,
        ports: { api: 0, mcpJira: 0, mcpSql: 0 },
        mcpAllowedOrigins: [],
      },
      demo: false,
      sync: { leaseSeconds: 30 },
      mcpJira: { readOnly: false },
    },
    logger: createLogger({ level: 'warn' }),
    db,
    kv,
    keyring: buildKeyring(generateKeySpec(), []),
    metrics: createMetricsRegistry({ defaultMetrics: false }),
    migrations: await loadMigrations(),
    sources: builtInSourceModules(),
    events: new EventEmitter(),
    close: async () => {
      await kv.close();
      await db.close();
    },
  };
}

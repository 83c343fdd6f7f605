import path from 'node:path';
import type { z } from 'zod';
import { envSchema } from './schema.ts';

/** The resolved configuration every part of the back end receives. Derived from the env schema. */
export interface Config {
  env: z.infer<typeof envSchema>['NODE_ENV'];
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  dataDir: string;
  database:
    | { kind: 'pglite'; dataDir: string }
    | { kind: 'postgres'; url: string; migrationUrl: string; poolMax: number };
  redis: { kind: 'memory' } | { kind: 'redis'; url: string };
  redisKeyPrefix: string;
  /** Encryption key specs (`id:base64`); undefined in development means "generate one under dataDir". */
  encryption: { currentKey: string | undefined; oldKeys: string[] };
  http: {
    host: string;
    bodyLimitBytes: number;
    ports: { api: number; mcpJira: number; mcpSql: number };
    /** Browser origins allowed on the MCP endpoints besides loopback ones. */
    mcpAllowedOrigins: string[];
  };
  /** Demo tenant bootstrapping: on by default only on the embedded database. */
  demo: boolean;
  /** A sync job whose worker is silent this long is taken over by another worker. */
  sync: { leaseSeconds: number };
  /** MCP Jira serves no write tool when `readOnly` is set (MCP_JIRA_READ_ONLY). */
  mcpJira: { readOnly: boolean };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses the environment once, reporting every problem at once. Values are never echoed back in errors,
 * since several of them (database URLs, keys) carry secrets.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && e.DS_ENCRYPTION_KEY === undefined) {
    problems.push('DS_ENCRYPTION_KEY: required when NODE_ENV=production');
  }
  if (e.DATABASE_MIGRATION_URL !== undefined && e.DATABASE_URL === undefined) {
    problems.push(
      'DATABASE_MIGRATION_URL: set DATABASE_URL too (the migration URL only overrides the owner role)',
    );
  }
  const ports = [e.PORT_API, e.PORT_MCP_JIRA, e.PORT_MCP_SQL].filter((p) => p !== 0);
  if (new Set(ports).size !== ports.length)
    problems.push('PORT_API, PORT_MCP_JIRA, PORT_MCP_SQL: must differ');
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(e.DS_DATA_DIR);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir,
    database:
      e.DATABASE_URL === undefined
        ? { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') }
        : {
            kind: 'postgres',
            url: e.DATABASE_URL,
            migrationUrl: e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL,
            poolMax: e.DATABASE_POOL_MAX,
          },
    redis: e.REDIS_URL === undefined ? { kind: 'memory' } : { kind: 'redis', url: e.REDIS_URL },
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    encryption: { currentKey: e.DS_ENCRYPTION_KEY, oldKeys: e.DS_ENCRYPTION_OLD_KEYS },
    http: {
      host: e.HOST,
      bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
      ports: { api: e.PORT_API, mcpJira: e.PORT_MCP_JIRA, mcpSql: e.PORT_MCP_SQL },
      mcpAllowedOrigins: e.MCP_ALLOWED_ORIGINS,
    },
    demo: e.DS_DEMO ?? e.DATABASE_URL === undefined,
    sync: { leaseSeconds: e.SYNC_LEASE_SECONDS },
    mcpJira: { readOnly: e.MCP_JIRA_READ_ONLY },
  };
}

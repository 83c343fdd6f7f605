import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { envSchema } from '../src/config/schema.ts';

describe('configuration', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      logLevel: 'info',
      database: { kind: 'pglite', dataDir: path.resolve('./data/pglite') },
      redis: { kind: 'memory' },
      http: { host: '127.0.0.1', ports: { api: 8000, mcpJira: 8055, mcpSql: 8056 } },
      demo: true,
    });
  });

  it('uses PostgreSQL and Redis when their URLs are set; the migration URL defaults to DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db/ds', REDIS_URL: 'redis://cache:6379' });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://app@db/ds',
      migrationUrl: 'postgres://app@db/ds',
      poolMax: 10,
    });
    expect(config.redis).toEqual({ kind: 'redis', url: 'redis://cache:6379' });
    expect(config.demo).toBe(false);
  });

  it('reports every problem at once, without echoing values', () => {
    const secretish = 'mysql://user:hunter2@host/db';
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: secretish, PORT_API: 'eighty', LOG_LEVEL: 'loud', DS_DEMO: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'DS_DEMO',
      'LOG_LEVEL',
      'PORT_API',
    ]);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('requires an encryption key in production, and refuses a malformed one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /DS_ENCRYPTION_KEY: required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ DS_ENCRYPTION_KEY: 'short' })).toThrow(/DS_ENCRYPTION_KEY/);
  });

  it('refuses clashing ports', () => {
    expect(() => loadConfig({ PORT_API: '9000', PORT_MCP_SQL: '9000' })).toThrow(/must differ/);
  });

  it('lists every variable of the schema in .env.example, and nothing else', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const listed = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(Object.keys(envSchema.shape).sort());
  });
});

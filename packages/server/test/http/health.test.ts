import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { buildApiApp } from '../../src/servers/api/api-app.ts';
import { buildMcpJiraApp } from '../../src/servers/mcp-jira/mcp-jira-app.ts';
import { buildMcpSqlApp } from '../../src/servers/mcp-sql/mcp-sql-app.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';

describe.each([
  ['api', buildApiApp],
  ['mcp-jira', buildMcpJiraApp],
  ['mcp-sql', buildMcpSqlApp],
] as const)('%s server health, readiness and metrics', (server, build) => {
  let t: TestContext;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await createTestContext();
    app = await build(t.ctx);
  });
  afterAll(async () => {
    await app.close();
    await t.ctx.close();
  });

  it('is healthy and ready', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', redis: 'ok' },
    });
  });

  it('exports request count and duration by route template and status', async () => {
    await app.inject('/health');
    await app.inject('/no/such/route/42');
    const text = (await app.inject('/metrics')).body;
    expect(text).toContain(
      `http_requests_total{server="${server}",method="GET",route="/health",status="200"}`,
    );
    expect(text).toContain(
      `http_requests_total{server="${server}",method="GET",route="unmatched",status="404"}`,
    );
    expect(text).toMatch(
      new RegExp(
        `http_request_duration_seconds_count\\{server="${server}",method="GET",route="/health",status="200"\\} \\d+`,
      ),
    );
    expect(text).not.toContain('/no/such/route/42');
  });

  it('writes one JSON log line per request with its request id', async () => {
    await app.inject({ url: '/health', headers: { 'x-request-id': `probe-${server}` } });
    const line = t.logs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.reqId === `probe-${server}`);
    expect(line).toMatchObject({
      level: 'info',
      server,
      route: '/health',
      status: 200,
      msg: 'request completed',
    });
  });

  it('is not ready when a migration is pending, and says which', async () => {
    const migrations = t.ctx.migrations;
    t.ctx.migrations = [...migrations, { version: '9999', name: 'future', sql: '', checksum: 'x' }];
    try {
      const ready = await app.inject('/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'not_ready',
        checks: { database: 'ok', migrations: 'pending: 9999', redis: 'ok' },
      });
    } finally {
      t.ctx.migrations = migrations;
    }
  });
});

describe('readiness when the database is gone', () => {
  it('answers 503 naming the database', async () => {
    const t = await createTestContext();
    const unreachable = 'postgres://postgres@127.0.0.1:1/nowhere';
    const gone = await openDatabase(
      { kind: 'postgres', url: unreachable, migrationUrl: unreachable, poolMax: 1 },
      { onIdleError: () => undefined },
    );
    const app = await buildApiApp({ ...t.ctx, db: gone });
    try {
      const ready = await app.inject('/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'not_ready',
        checks: { database: 'unreachable', migrations: 'unreachable', redis: 'ok' },
      });
    } finally {
      await app.close();
      await gone.close();
      await t.ctx.close();
    }
  });
});

describe('OpenAPI of the admin API', () => {
  it('describes every admin route at /docs/json, derived from the zod schemas', async () => {
    const t = await createTestContext();
    const app = await buildApiApp(t.ctx);
    try {
      const res = await app.inject('/docs/json');
      expect(res.statusCode).toBe(200);
      const doc = res.json<{
        openapi: string;
        paths: Record<string, Record<string, { requestBody?: unknown }>>;
      }>();
      expect(doc.openapi).toMatch(/^3\./);
      for (const path of [
        '/api/v1/instances',
        '/api/v1/instances/{id}',
        '/api/v1/instances/{id}/backfill',
        '/api/v1/jobs',
        '/api/v1/projects/{key}/metrics',
        '/api/v1/tokens',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      expect(JSON.stringify(doc.paths['/api/v1/instances']?.post?.requestBody)).toContain('source_type');
      expect((await app.inject('/docs')).statusCode).toBeLessThan(400);
    } finally {
      await app.close();
      await t.ctx.close();
    }
  });
});

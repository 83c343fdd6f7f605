/**
 * The server side of bench:mcp-jira, in a process of its own (so that its CPU time, and a `--cpu-prof`
 * profile, are the server's alone): an AppContext on DATABASE_URL (a database the driver created) or an
 * in-memory PGlite, on REDIS_URL or memory; one tenant, a read token and a Jira instance pointing at the
 * sandbox; then MCP Jira on an ephemeral port. Prints one JSON line `{ url, token, instanceId }` on stdout
 * and serves until SIGTERM. On stdin, `profile-start` starts a CPU profile (answer: `profiling`) and
 * `profile-stop <file>` writes it (answer: `profiled`).
 *
 *   node --import tsx bench/mcp-jira/server.ts <jira-url>
 */
import { randomBytes } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { defaultCredentials } from '@digital-spiral/sandbox';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Config } from '../../packages/server/src/config/config.ts';
import { generateKeySpec } from '../../packages/server/src/crypto/keyring.ts';
import { authenticateBearer } from '../../packages/server/src/auth/authenticate.ts';
import { mcpMetrics } from '../../packages/server/src/mcp/mcp-metrics.ts';
import { runTool } from '../../packages/server/src/mcp/run-tool.ts';
import { createLogger } from '../../packages/server/src/observability/logger.ts';
import { createTenant } from '../../packages/server/src/repositories/tenants.ts';
import { createAppContext } from '../../packages/server/src/runtime/app-context.ts';
import { syncServiceDeps } from '../../packages/server/src/runtime/sync-runtime.ts';
import { buildMcpJiraApp } from '../../packages/server/src/servers/mcp-jira/mcp-jira-app.ts';
import { mcpJiraSpec } from '../../packages/server/src/servers/mcp-jira/mcp-jira-spec.ts';
import { issueApiToken } from '../../packages/server/src/services/api-tokens.ts';
import { createInstance } from '../../packages/server/src/services/instances.ts';

async function main(): Promise<void> {
  const jiraUrl = process.argv[2];
  if (jiraUrl === undefined) throw new Error('usage: server.ts <jira-url>');
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  const prefix = `bench:${randomBytes(4).toString('hex')}:`;
  const config: Config = {
    env: 'production',
    logLevel: 'info',
    dataDir: '/tmp',
    database:
      databaseUrl === undefined
        ? { kind: 'pglite', dataDir: 'memory://' }
        : { kind: 'postgres', url: databaseUrl, migrationUrl: databaseUrl, poolMax: 10 },
    redis: redisUrl === undefined ? { kind: 'memory' } : { kind: 'redis', url: redisUrl },
    redisKeyPrefix: prefix,
    encryption: { currentKey: generateKeySpec(), oldKeys: [] },
    http: {
      host: '127.0.0.1',
      bodyLimitBytes: 1 << 20,
      ports: { api: 0, mcpJira: 0, mcpSql: 0 },
      mcpAllowedOrigins: [],
    },
    demo: false,
    sync: { leaseSeconds: 30 },
    mcpJira: { readOnly: false },
  };
  // Info-level lines as in production (one per request and per tool call), to the file the driver reads
  // them back from (its request and tool durations split a call's time).
  const sink = await open(process.env.BENCH_LOG_FILE ?? '/dev/null', 'w');
  const destination = pino.destination({ fd: sink.fd, sync: false });
  const logger = createLogger({ level: 'info', destination });
  const ctx = await createAppContext(config, logger, { migrate: true, defaultMetrics: false });
  const tenant = await createTenant(ctx.db.owner, { slug: 'bench', name: 'Bench' });
  const { token, info } = await issueApiToken(ctx.db.runtime, tenant.id, { name: 'bench', scopes: ['read'] });
  const c = defaultCredentials.jira.values;
  const { instance } = await createInstance(
    syncServiceDeps(ctx),
    { tenantId: tenant.id, tokenId: info.id, userId: null, requestId: 'bench' },
    {
      source_type: 'jira',
      name: 'sandbox',
      base_url: jiraUrl,
      credentials: { type: 'basic', email: c.email, api_token: c.apiToken },
      sync_settings: { requests_per_minute: 100_000, interval_seconds: 0 },
    },
  );
  const app = await buildMcpJiraApp(ctx);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(
    `${JSON.stringify({ url, token, instanceId: instance.id, backend: { db: config.database.kind, kv: ctx.kv.backend } })}\n`,
  );

  /**
   * The steps of a cached jira_get_issue, each timed alone in this process (no HTTP): verifying the bearer
   * token (what the auth hook does on every request), listing the tenant's Jira instances (what the tool
   * does to find the instance), and the whole tool through runTool (validation, instance, cache hit, view).
   */
  const spec = mcpJiraSpec(ctx);
  const breakdown = async (key: string): Promise<Record<string, number>> => {
    const auth = await authenticateBearer(ctx.db.runtime, `Bearer ${token}`);
    const tools = new Map(spec.tools.map((t) => [t.name, t]));
    const metrics = mcpMetrics(new Registry());
    const call = { auth, requestId: 'breakdown', logger };
    const p50 = async (fn: () => Promise<unknown>): Promise<number> => {
      const ms: number[] = [];
      for (let i = 0; i < 300; i++) {
        const start = performance.now();
        await fn();
        ms.push(performance.now() - start);
      }
      return ms.sort((a, b) => a - b)[150] ?? NaN;
    };
    const getIssue = tools.get('jira_get_issue');
    const listInstances = tools.get('jira_list_instances');
    if (getIssue === undefined || listInstances === undefined) throw new Error('MCP Jira lacks its tools');
    await runTool(getIssue, { issue_key: key }, call, metrics);
    return {
      authenticate: await p50(() => authenticateBearer(ctx.db.runtime, `Bearer ${token}`)),
      list_instances: await p50(() => runTool(listInstances, {}, call, metrics)),
      get_issue_cached: await p50(() => runTool(getIssue, { issue_key: key }, call, metrics)),
      cache_get: await p50(() => ctx.kv.cache.get(`bench:nothing:${key}`)),
    };
  };

  const inspector = new Session();
  inspector.connect();
  createInterface({ input: process.stdin }).on('line', (line) => {
    void (async () => {
      if (line === 'profile-start') {
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
        await inspector.post('Profiler.start');
        process.stdout.write('profiling\n');
      } else if (line.startsWith('breakdown ')) {
        process.stdout.write(`${JSON.stringify(await breakdown(line.slice('breakdown '.length)))}\n`);
      } else if (line.startsWith('profile-stop ')) {
        const { profile } = await inspector.post('Profiler.stop');
        await writeFile(line.slice('profile-stop '.length), JSON.stringify(profile));
        process.stdout.write('profiled\n');
      }
    })();
  });

  const stop = async (): Promise<void> => {
    await app.close();
    await spec.close();
    if (redisUrl !== undefined) {
      // The bench's keys only (its own random prefix).
      const { Redis } = await import('ioredis');
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
    await ctx.close();
    destination.flushSync();
    await sink.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

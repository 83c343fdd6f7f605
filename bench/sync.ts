/**
 * bench:sync — backfill 100,000 Jira issues with histories (and 20,000 each from GitHub, Asana and Linear)
 * from the sandbox into PostgreSQL, then compare with a plain bulk COPY of the same rows into the same
 * tables. The sandbox runs in a child process so the figures (and peak RSS) are the sync engine's own.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:sync [-- --jira 100000 --others 20000]
 *
 * A fresh database is created beside DATABASE_URL's and dropped at the end.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { defaultCredentials } from '@digital-spiral/sandbox';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { buildKeyring, generateKeySpec } from '../packages/server/src/crypto/keyring.ts';
import { loadMigrations, migrate } from '../packages/server/src/db/migrations.ts';
import { openDatabase } from '../packages/server/src/db/open-database.ts';
import { withTenant } from '../packages/server/src/db/with-tenant.ts';
import { createKvServices } from '../packages/server/src/kv/kv-services.ts';
import { createLogger } from '../packages/server/src/observability/logger.ts';
import { createMetricsRegistry } from '../packages/server/src/observability/metrics.ts';
import { createTenant } from '../packages/server/src/repositories/tenants.ts';
import type { AppContext } from '../packages/server/src/runtime/app-context.ts';
import { createSyncWorker, syncServiceDeps } from '../packages/server/src/runtime/sync-runtime.ts';
import { createInstance } from '../packages/server/src/services/instances.ts';
import { startJob } from '../packages/server/src/services/sync-jobs.ts';
import { builtInSourceModules } from '../packages/server/src/sources/source-modules.ts';
import type { SourceType } from '../packages/server/src/sources/source-type.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const JIRA = arg('jira', 100_000);
const OTHERS = arg('others', 20_000);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BIN = fileURLToPath(new URL('../packages/server/bin/digital-spiral.js', import.meta.url));

async function startSandboxProcess(): Promise<{ urls: Record<SourceType, string>; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [BIN, 'sandbox', '--ephemeral-ports', '--jira-size', String(JIRA), '--size', String(OTHERS)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let text = '';
  const urls = await new Promise<Record<SourceType, string>>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('Press Ctrl+C')) {
        const found = Object.fromEntries(
          [...text.matchAll(/^ {2}(jira|github|asana|linear)\s+(http:\/\/\S+)/gm)].map((m) => [m[1], m[2]]),
        );
        resolve(found as Record<SourceType, string>);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${text}`)));
  });
  return { urls, stop: () => child.kill('SIGTERM') };
}

function connection(
  urls: Record<SourceType, string>,
  source: SourceType,
): { base_url: string; credentials: Record<string, unknown> } {
  const c = defaultCredentials[source].values;
  switch (source) {
    case 'jira':
      return { base_url: urls.jira, credentials: { type: 'basic', email: c.email, api_token: c.apiToken } };
    case 'github':
      return { base_url: urls.github, credentials: { token: c.token } };
    case 'asana':
      return { base_url: `${urls.asana}/api/1.0`, credentials: { token: c.token } };
    case 'linear':
      return { base_url: urls.linear, credentials: { type: 'api_key', api_key: c.apiKey } };
  }
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:sync — Jira ${JIRA.toLocaleString()} issues, GitHub/Asana/Linear ${OTHERS.toLocaleString()} each`,
  );
  const sandbox = await startSandboxProcess();
  const dbName = `ds_bench_${randomBytes(4).toString('hex')}`;
  await withClient(ADMIN_URL, (c) => c.query(`create database ${dbName}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const db = await openDatabase(
    { kind: 'postgres', url: url.toString(), migrationUrl: url.toString(), poolMax: 8 },
    { onIdleError: () => undefined },
  );
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    await migrate(db, await loadMigrations());
    const ctx: AppContext = {
      config: {
        env: 'production',
        logLevel: 'warn',
        dataDir: '/tmp',
        database: { kind: 'postgres', url: url.toString(), migrationUrl: url.toString(), poolMax: 8 },
        redis: { kind: 'memory' },
        redisKeyPrefix: 'bench:',
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
      kv: createKvServices({ keyPrefix: 'bench:' }),
      keyring: buildKeyring(generateKeySpec(), []),
      metrics: createMetricsRegistry({ defaultMetrics: false }),
      migrations: await loadMigrations(),
      sources: builtInSourceModules(),
      events: new EventEmitter(),
      close: async () => undefined,
    };
    const tenant = await createTenant(db.owner, { slug: 'bench', name: 'Bench' });
    const actor = {
      tenantId: tenant.id,
      tokenId: '00000000-0000-4000-8000-000000000000',
      userId: null,
      requestId: 'bench',
    };
    const deps = syncServiceDeps(ctx);
    const instances: Partial<Record<SourceType, string>> = {};
    for (const source of ['jira', 'github', 'asana', 'linear'] as const) {
      const { base_url, credentials } = connection(sandbox.urls, source);
      const created = await createInstance(deps, actor, {
        source_type: source,
        name: source,
        base_url,
        credentials,
        sync_settings: { requests_per_minute: 100_000, interval_seconds: 0 },
      });
      instances[source] = created.instance.id;
    }
    const workers = [createSyncWorker(ctx, { pollMs: 50 }), createSyncWorker(ctx, { pollMs: 50 })];
    workers.forEach((w) => w.start());

    const runJob = async (
      source: SourceType,
    ): Promise<{ seconds: number; items: number; transitions: number }> => {
      const id = instances[source] ?? '';
      const started = performance.now();
      const { task_id } = await startJob(deps, actor, id, 'backfill');
      for (;;) {
        const row = await withTenant(db.runtime, tenant.id, (trx) =>
          trx
            .selectFrom('sync_jobs')
            .select(['status', 'counts', 'error', 'progress'])
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', task_id)
            .executeTakeFirstOrThrow(),
        );
        if (row.status === 'completed' || row.status === 'failed') {
          if (row.status === 'failed') throw new Error(`${source} backfill failed: ${row.error ?? ''}`);
          const counts = row.counts as { items: number; transitions: number };
          const progress = row.progress as { fetch_ms: number; write_ms: number };
          console.log(
            `  ${source}: ${progress.fetch_ms} ms fetching from the source, ${progress.write_ms} ms writing`,
          );
          return {
            seconds: (performance.now() - started) / 1000,
            items: counts.items,
            transitions: counts.transitions,
          };
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    const results: Array<readonly [string, { seconds: number; items: number; transitions: number }]> = [];
    results.push(['jira', await runJob('jira')]);
    const others = await Promise.all(
      (['github', 'asana', 'linear'] as const).map(async (s) => [s, await runJob(s)] as const),
    );
    results.push(...others);
    await Promise.all(workers.map((w) => w.stop()));
    // Peak RSS of the backfills only: the COPY comparison below buffers whole tables in this process.
    clearInterval(sampler);
    const backfillRss = peakRss;

    // The same rows, bulk-copied into empty tables of the same shape (indexes included).
    const jiraId = instances.jira ?? '';
    const copySeconds = await withClient(url.toString(), async (c) => {
      const items: Buffer[] = [];
      const transitions: Buffer[] = [];
      const collect = (into: Buffer[]) =>
        new Writable({ write: (chunk: Buffer, _e, cb) => (into.push(chunk), cb()) });
      await pipeline(
        c.query(copyTo(`copy (select * from work_items where instance_id = '${jiraId}') to stdout`)),
        collect(items),
      );
      await pipeline(
        c.query(
          copyTo(`copy (select * from work_item_transitions where instance_id = '${jiraId}') to stdout`),
        ),
        collect(transitions),
      );
      await c.query(
        'create table copy_items (like work_items including all); create table copy_transitions (like work_item_transitions including all)',
      );
      const t0 = performance.now();
      await pipeline(
        async function* () {
          yield* items;
        },
        c.query(copyFrom('copy copy_items from stdin')),
      );
      await pipeline(
        async function* () {
          yield* transitions;
        },
        c.query(copyFrom('copy copy_transitions from stdin')),
      );
      return (performance.now() - t0) / 1000;
    });

    console.log('');
    console.log('source   items     history   seconds  items/s  history rows/s');
    for (const [source, r] of results) {
      console.log(
        `${source.padEnd(8)} ${String(r.items).padStart(7)} ${String(r.transitions).padStart(9)} ${r.seconds.toFixed(1).padStart(9)} ${Math.round(
          r.items / r.seconds,
        )
          .toString()
          .padStart(8)} ${Math.round(r.transitions / r.seconds)
          .toString()
          .padStart(15)}`,
      );
    }
    const jira = results[0]?.[1];
    console.log('');
    console.log(
      `Jira backfill ${jira?.seconds.toFixed(1)} s vs COPY of the same rows ${copySeconds.toFixed(2)} s: ratio ${((jira?.seconds ?? 0) / copySeconds).toFixed(1)}x (goal < 2x)`,
    );
    console.log(`Jira items/s ${Math.round((jira?.items ?? 0) / (jira?.seconds ?? 1))} (goal >= 5000)`);
    console.log(`Peak RSS of the sync process ${Math.round(backfillRss / 1024 / 1024)} MB (goal < 500 MB)`);
  } finally {
    clearInterval(sampler);
    sandbox.stop();
    await db.close();
    await withClient(ADMIN_URL, (c) => c.query(`drop database if exists ${dbName} with (force)`));
  }
}

await main();

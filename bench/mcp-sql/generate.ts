/**
 * The data of bench:mcp-sql: a database of its own on the local PostgreSQL with 100 tenants of Zipf-like
 * sizes (1,000,000 work items, the largest tenant about 100,000), ~5,000,000 transitions consistent with the
 * items, comments, links and two years of daily metrics. Migrated with the project's runner, filled with
 * set-based SQL as the owner, metrics by the project's recomputeDailyMetrics, then VACUUM ANALYZE
 * (autovacuum may be off). The data is generated once into `<db>_base` (migrations up to 0002, the columns
 * it fills) and reused while the parameters match (`--regenerate` forces a new one); `<db>` is a copy with
 * every migration applied, recopied when a later migration changes (cheaper than regenerating).
 *
 *   npx tsx bench/mcp-sql/generate.ts [--regenerate] [--items 1000000] [--tenants 100] [--largest 100000]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { loadMigrations, migrate } from '../../packages/server/src/db/migrations.ts';
import { openDatabase, type DatabaseHandle } from '../../packages/server/src/db/open-database.ts';
import { withTenant } from '../../packages/server/src/db/with-tenant.ts';
import { recomputeDailyMetrics } from '../../packages/server/src/sync/metrics/recompute-daily-metrics.ts';
import {
  CREATE_ITEM_GEN,
  CREATE_TENANT_TABLE,
  HELPER_FUNCTIONS,
  INSERT_COMMENTS,
  INSERT_INSTANCES_PROJECTS_PEOPLE,
  INSERT_LINKS,
  INSERT_TENANTS,
  INSERT_TRANSITIONS,
  INSERT_WORK_ITEMS,
} from './data-sql.ts';

export interface DataParams {
  tenants: number;
  items: number;
  /** Items of the largest tenant; the exponent of the Zipf-like law is solved for it. */
  largest: number;
  /** Days of history (items created, transitions and daily metrics). */
  days: number;
}

export const DEFAULT_PARAMS: DataParams = { tenants: 100, items: 1_000_000, largest: 100_000, days: 730 };
/** Bump when the generated data changes shape, so that an older bench database is regenerated. */
const GENERATOR_VERSION = 2;
/** The last migration whose columns the generated data fills; later ones are applied to a copy. */
const DATA_MIGRATIONS = '0002';

export interface BenchTenant {
  rank: number;
  tenantId: string;
  size: number;
}

export interface BenchData {
  /** Owner (superuser) URL of the bench database. */
  url: string;
  anchor: Date;
  tenants: BenchTenant[];
  counts: Record<string, number>;
  generationSeconds: number;
  reused: boolean;
}

const BULK_TABLES = ['work_items', 'work_item_transitions', 'work_item_comments', 'work_item_links'];
const COUNTED_TABLES = [
  'tenants',
  'source_instances',
  'projects',
  'people',
  ...BULK_TABLES,
  'work_item_metrics_daily',
];

/** Sizes proportional to rank^-s summing to `total`, with s chosen so that the first is about `largest`. */
export function zipfSizes(count: number, total: number, largest: number): number[] {
  const share = (s: number): number => {
    let sum = 0;
    for (let i = 1; i <= count; i++) sum += i ** -s;
    return 1 / sum;
  };
  let lo = 0;
  let hi = 5;
  for (let step = 0; step < 100; step++) {
    const mid = (lo + hi) / 2;
    if (share(mid) * total < largest) lo = mid;
    else hi = mid;
  }
  const s = (lo + hi) / 2;
  const h = 1 / share(s);
  const sizes = Array.from({ length: count }, (_, i) => Math.max(1, Math.round((total * (i + 1) ** -s) / h)));
  sizes[0] = (sizes[0] ?? 0) + total - sizes.reduce((a, b) => a + b, 0);
  return sizes;
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

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const openBenchDatabase = (url: string, poolMax: number): Promise<DatabaseHandle> =>
  openDatabase({ kind: 'postgres', url, migrationUrl: url, poolMax }, { onIdleError: () => undefined });

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return withClient(adminUrl, async (c) => {
    const r = await c.query('select 1 from pg_database where datname = $1', [name]);
    return r.rowCount === 1;
  });
}

async function readMeta(url: string): Promise<Map<string, unknown>> {
  return withClient(url, async (c) => {
    const meta = await c
      .query<{ key: string; value: unknown }>('select key, value from bench.meta')
      .catch(() => ({ rows: [] as Array<{ key: string; value: unknown }> }));
    return new Map(meta.rows.map((r) => [r.key, r.value]));
  });
}

/** Applied migrations whose file has changed since (they cannot be undone: the database is stale). */
async function changedMigrations(url: string): Promise<string[]> {
  const applied = await withClient(url, (c) =>
    c.query<{ version: string; checksum: string }>('select version, checksum from schema_migrations'),
  );
  const files = new Map((await loadMigrations()).map((m) => [m.version, m.checksum]));
  return applied.rows.filter((r) => files.get(r.version) !== r.checksum).map((r) => r.version);
}

/** Why the base database (the generated data) cannot be reused, or undefined when it can. */
async function baseStaleReason(
  adminUrl: string,
  name: string,
  params: DataParams,
): Promise<string | undefined> {
  if (!(await databaseExists(adminUrl, name))) return 'it does not exist';
  const url = databaseUrl(adminUrl, name);
  const meta = await readMeta(url);
  if (!meta.has('complete')) return 'its generation did not complete';
  const stored = (meta.get('params') ?? {}) as Record<string, unknown>;
  const wanted: Record<string, unknown> = { ...params, version: GENERATOR_VERSION };
  const same = Object.keys(wanted).every((k) => stored[k] === wanted[k]);
  if (!same || Object.keys(stored).length !== Object.keys(wanted).length) return 'other parameters';
  const changed = await changedMigrations(url);
  if (changed.length > 0) return `migration ${changed.join(', ')} changed since it was applied`;
  return undefined;
}

/** Why the working copy cannot be reused, or undefined when it can. */
async function copyStaleReason(
  adminUrl: string,
  name: string,
  generatedAt: unknown,
): Promise<string | undefined> {
  if (!(await databaseExists(adminUrl, name))) return 'it does not exist';
  const url = databaseUrl(adminUrl, name);
  const meta = await readMeta(url);
  if (meta.get('generated_at') !== generatedAt || !meta.has('migrated')) return 'the data was regenerated';
  const changed = await changedMigrations(url);
  if (changed.length > 0) return `migration ${changed.join(', ')} changed since it was applied`;
  return undefined;
}

async function readData(url: string, reused: boolean): Promise<BenchData> {
  const meta = await readMeta(url);
  const tenants = await withClient(url, (c) =>
    c.query<{ rank: number; tenant_id: string; size: number }>(
      'select rank, tenant_id, size from bench.tenants order by rank',
    ),
  );
  return {
    url,
    anchor: new Date(meta.get('anchor') as string),
    tenants: tenants.rows.map((r) => ({ rank: r.rank, tenantId: r.tenant_id, size: r.size })),
    counts: meta.get('counts') as Record<string, number>,
    generationSeconds: meta.get('generation_seconds') as number,
    reused,
  };
}

/** Every migration not applied yet (0003_analytics and later, say), then fresh statistics if any ran. */
async function applyAllMigrations(url: string, log: (line: string) => void): Promise<void> {
  const db = await openBenchDatabase(url, 2);
  try {
    const { applied } = await migrate(db, await loadMigrations());
    if (applied.length === 0) return;
    const started = performance.now();
    await withClient(url, (c) => c.query('vacuum (analyze)'));
    log(`  applied migrations ${applied.join(', ')}, vacuum analyze (${seconds(started)} s)`);
  } finally {
    await db.close();
  }
}

const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(1);

/**
 * The bench database, ready to measure. The generated data lives in `<dbName>_base`, migrated only up to
 * DATA_MIGRATIONS (the columns it fills); `<dbName>` is a copy of it (CREATE DATABASE ... TEMPLATE) with
 * every migration applied by the project's runner. A migration still being written (its checksum changes)
 * only costs a new copy, not a new generation.
 */
export async function ensureBenchData(options: {
  adminUrl: string;
  dbName: string;
  params: DataParams;
  regenerate: boolean;
  log: (line: string) => void;
}): Promise<BenchData> {
  const { adminUrl, dbName, params, log } = options;
  const baseName = `${dbName}_base`;
  const baseReason = options.regenerate ? '--regenerate' : await baseStaleReason(adminUrl, baseName, params);
  if (baseReason !== undefined) {
    log(`generating the bench data in ${baseName} (${baseReason})`);
    await generate(adminUrl, baseName, params, log);
  } else {
    log(`reusing the bench data of ${baseName} (--regenerate to rebuild it)`);
  }
  const generatedAt = (await readMeta(databaseUrl(adminUrl, baseName))).get('generated_at');
  const url = databaseUrl(adminUrl, dbName);
  const copyReason = await copyStaleReason(adminUrl, dbName, generatedAt);
  if (copyReason === undefined) {
    await applyAllMigrations(url, log);
    return readData(url, baseReason === undefined);
  }
  const started = performance.now();
  await withClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.query(`create database ${dbName} template ${baseName}`);
  });
  log(`copied ${baseName} to ${dbName} (${copyReason}) in ${seconds(started)} s`);
  await applyAllMigrations(url, log);
  await withClient(url, (c) => c.query("insert into bench.meta (key, value) values ('migrated', 'true')"));
  return readData(url, baseReason === undefined);
}

async function generate(
  adminUrl: string,
  dbName: string,
  params: DataParams,
  log: (line: string) => void,
): Promise<void> {
  const started = performance.now();
  await withClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.query(`create database ${dbName}`);
  });
  const url = databaseUrl(adminUrl, dbName);
  const db = await openBenchDatabase(url, 4);
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  const step = async (label: string, fn: () => Promise<unknown>): Promise<void> => {
    const t0 = performance.now();
    await fn();
    log(`  ${label.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
  };
  try {
    await step(`migrations up to ${DATA_MIGRATIONS} (project runner)`, async () =>
      migrate(
        db,
        (await loadMigrations()).filter((m) => m.version <= DATA_MIGRATIONS),
      ),
    );
    await owner.query(
      "set work_mem = '256MB'; set maintenance_work_mem = '1GB'; set synchronous_commit = off; set jit = off; select setseed(0.42)",
    );
    const anchorRow = await owner.query<{ anchor: Date }>("select date_trunc('minute', now()) as anchor");
    const anchor = anchorRow.rows[0]?.anchor ?? new Date();
    const sizes = zipfSizes(params.tenants, params.items, params.largest);
    await owner.query(HELPER_FUNCTIONS);
    await owner.query(CREATE_TENANT_TABLE);
    await step('tenants, instances, projects, people', async () => {
      await owner.query(INSERT_TENANTS, [sizes, anchor]);
      await owner.query(INSERT_INSTANCES_PROJECTS_PEOPLE);
    });

    // Bulk load without indexes and keys, then build them sorted (the schema ends exactly as migrated).
    const { rows: constraints } = await owner.query<{ tbl: string; name: string; type: string; def: string }>(
      `select conrelid::regclass::text as tbl, conname as name, contype::text as type,
        pg_get_constraintdef(oid) as def
      from pg_constraint where conrelid = any($1::regclass[]) and contype in ('p', 'u', 'f')`,
      [BULK_TABLES],
    );
    const { rows: indexes } = await owner.query<{ name: string; def: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
      [BULK_TABLES],
    );
    const ordered = [...constraints].sort((a, b) => (a.type === 'f' ? 1 : 0) - (b.type === 'f' ? 1 : 0));
    for (const c of [...ordered].reverse())
      await owner.query(`alter table ${c.tbl} drop constraint ${c.name}`);
    for (const i of indexes) await owner.query(`drop index ${i.name}`);

    await step('item plan (bench.item_gen)', () => owner.query(CREATE_ITEM_GEN, [anchor, params.days]));
    await step('work_items', () => owner.query(INSERT_WORK_ITEMS, [anchor]));
    await step('work_item_transitions', () => owner.query(INSERT_TRANSITIONS));
    await step('work_item_comments', () => owner.query(INSERT_COMMENTS));
    await step('work_item_links', () => owner.query(INSERT_LINKS));
    await owner.query('drop table bench.item_gen');
    await step(`keys and indexes (${ordered.length + indexes.length})`, async () => {
      for (const c of ordered) await owner.query(`alter table ${c.tbl} add constraint ${c.name} ${c.def}`);
      for (const i of indexes) await owner.query(i.def);
    });
    await step('vacuum analyze', () => owner.query('vacuum (analyze)'));

    // Two years of daily metrics through the project's own recompute, tenant by tenant, two at a time.
    // Merge joins off: with several teams per project its final joins are planned as merge joins on
    // project_key alone that rescan millions of rows (16 s instead of 0.8 s for a tenant of 5,000 items).
    const to = anchor.toISOString().slice(0, 10);
    const from = new Date(anchor.getTime() - (params.days - 1) * 86_400_000).toISOString().slice(0, 10);
    const { rows: tenantProjects } = await owner.query<{ tenant_id: string; keys: string[] }>(
      `select p.tenant_id, array_agg(p.key order by p.key) as keys
      from projects p join bench.tenants t using (tenant_id) group by p.tenant_id, t.rank order by t.rank`,
    );
    await step(`daily metrics, ${from} .. ${to} (recomputeDailyMetrics)`, async () => {
      const queue = [...tenantProjects];
      const worker = async (): Promise<void> => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          const { tenant_id: tenantId, keys } = next;
          await withTenant(db.runtime, tenantId, async (trx) => {
            await sql`select set_config('enable_mergejoin', 'off', true)`.execute(trx);
            return recomputeDailyMetrics(trx, tenantId, { projectKeys: keys, from, to });
          });
        }
      };
      await Promise.all([worker(), worker()]);
    });
    await step('vacuum analyze work_item_metrics_daily', () =>
      owner.query('vacuum (analyze) work_item_metrics_daily'),
    );

    const counts: Record<string, number> = {};
    for (const table of COUNTED_TABLES) {
      const r = await owner.query<{ n: string }>(`select count(*) as n from ${table}`);
      counts[table] = Number(r.rows[0]?.n ?? 0);
    }
    const seconds = (performance.now() - started) / 1000;
    await owner.query(
      `insert into bench.meta (key, value) values ('params', $1), ('anchor', $2), ('counts', $3),
        ('generation_seconds', $4), ('generated_at', to_jsonb(now()::text)), ('complete', 'true')`,
      [
        JSON.stringify({ ...params, version: GENERATOR_VERSION }),
        JSON.stringify(anchor.toISOString()),
        JSON.stringify(counts),
        JSON.stringify(Math.round(seconds * 10) / 10),
      ],
    );
    log(`  generated in ${seconds.toFixed(1)} s`);
  } finally {
    await owner.end();
    await db.close();
  }
}

export function formatCounts(data: BenchData): string {
  return Object.entries(data.counts)
    .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
    .join(', ');
}

export const argValue = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

export function paramsFromArgs(): DataParams {
  return {
    tenants: argValue('tenants', DEFAULT_PARAMS.tenants),
    items: argValue('items', DEFAULT_PARAMS.items),
    largest: argValue('largest', DEFAULT_PARAMS.largest),
    days: argValue('days', DEFAULT_PARAMS.days),
  };
}

export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DB = process.env.BENCH_MCP_SQL_DB ?? 'ds_bench_mcp_sql';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const params = paramsFromArgs();
  const data = await ensureBenchData({
    adminUrl: ADMIN_URL,
    dbName: BENCH_DB,
    params,
    regenerate: process.argv.includes('--regenerate'),
    log: (line) => console.log(line),
  });
  console.log(
    `${data.reused ? 'reused' : 'generated'} ${BENCH_DB} (generation took ${data.generationSeconds} s): ${formatCounts(data)}`,
  );
}

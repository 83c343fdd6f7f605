/**
 * bench:mcp-sql — the MCP SQL templates on 1,000,000 work items of 100 tenants (Zipf-like sizes, the largest
 * about 100,000), ~5,000,000 transitions and two years of daily metrics. For the largest and the median
 * tenant, per template: p50/p95/p99 inside the server (runTemplate called in-process: transaction, tenant,
 * role, timeout, caps and shaping included), end to end through Streamable HTTP with the official SDK
 * client, and the same compiled SQL run directly by the owner (node-postgres, a named prepared statement;
 * and pgbench -M prepared when installed). Templates whose inside p95 misses 10 ms for the largest tenant
 * are EXPLAINed as the server runs them (READ ONLY, tenant set, ds_analytics).
 *
 *   npm run bench:mcp-sql [-- --regenerate] [--iterations 200] [--warmup 20] [--budget-ms 6000]
 *     [--only get_work_item,list_projects] [--no-pgbench] [--no-explain]
 *
 * The data lives in its own database (BENCH_MCP_SQL_DB, default ds_bench_mcp_sql) beside DATABASE_URL's
 * (default postgres://postgres@127.0.0.1:5432/postgres) and is reused across runs; see bench/mcp-sql/generate.ts.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { createLogger } from '../packages/server/src/observability/logger.ts';
import { buildMcpSqlApp } from '../packages/server/src/servers/mcp-sql/mcp-sql-app.ts';
import { runTemplate } from '../packages/server/src/servers/mcp-sql/run-template.ts';
import { sqlMetrics } from '../packages/server/src/servers/mcp-sql/sql-metrics.ts';
import { sqlTemplates } from '../packages/server/src/servers/mcp-sql/templates/index.ts';
import {
  TEMPLATE_LIMITS,
  type CompiledSql,
  type SqlTemplate,
} from '../packages/server/src/servers/mcp-sql/templates/sql-template.ts';
import { issueApiToken } from '../packages/server/src/services/api-tokens.ts';
import { createBenchContext } from './mcp-sql/context.ts';
import { explainAsServer } from './mcp-sql/explain.ts';
import {
  ADMIN_URL,
  argValue,
  BENCH_DB,
  ensureBenchData,
  formatCounts,
  paramsFromArgs,
  type BenchTenant,
} from './mcp-sql/generate.ts';
import { parameterSets, readTenantFacts } from './mcp-sql/param-sets.ts';
import { findPgbench, runPgbench } from './mcp-sql/pgbench.ts';
import { ms, summarize, table, timeCalls, type Summary } from './mcp-sql/stats.ts';

const GOAL_INSIDE_P95_MS = 10;
const GOAL_E2E_OVER_DIRECT_MS = 1.5;
const TOKEN_NAME = 'bench-mcp-sql';

const timing = {
  iterations: argValue('iterations', 200),
  warmup: argValue('warmup', 20),
  budgetMs: argValue('budget-ms', 6_000),
};
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',')) : undefined;
const withPgbench = !process.argv.includes('--no-pgbench');
const withExplain = !process.argv.includes('--no-explain');

interface Cell {
  template: string;
  tenant: 'largest' | 'median';
  tenantId: string;
  sets: number;
  inside: Summary;
  e2e: Summary;
  direct: Summary;
  pgbench: Summary | undefined;
  errors: number;
  /** The compiled statement of the set whose inside median was the slowest, for EXPLAIN. */
  slowest: { params: Record<string, unknown>; compiled: CompiledSql; p50: number };
}

/** The row limit the runner compiles with: the caller's `limit` within maxRows, plus one. */
function rowLimit(template: SqlTemplate, params: Record<string, unknown>): number {
  const maxRows = Math.min(template.maxRows, TEMPLATE_LIMITS.maxRows);
  const limit = params.limit;
  return (
    (typeof limit === 'number' && Number.isInteger(limit) && limit >= 0
      ? Math.min(limit, maxRows)
      : maxRows) + 1
  );
}

async function connectSdk(base: string, token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'bench-mcp-sql', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function main(): Promise<void> {
  console.log('bench:mcp-sql — MCP SQL templates: inside the server, end to end, and direct');
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const loadAtStart = load();
  const data = await ensureBenchData({
    adminUrl: ADMIN_URL,
    dbName: BENCH_DB,
    params: paramsFromArgs(),
    regenerate: process.argv.includes('--regenerate'),
    log: (line) => console.log(line),
  });
  console.log(
    `data (${data.reused ? 'reused' : 'generated now'}; generation took ${data.generationSeconds} s): ${formatCounts(data)}`,
  );
  const largest = data.tenants[0];
  const median = data.tenants[Math.floor((data.tenants.length - 1) / 2)];
  if (largest === undefined || median === undefined) throw new Error('no tenants');

  const ctx = await createBenchContext(data.url, 4);
  // Slow-template warnings would interleave with the figures; errors still show.
  ctx.logger = createLogger({ level: 'error' });
  const app = await buildMcpSqlApp(ctx);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const owner = new pg.Client({ connectionString: data.url });
  await owner.connect();
  const pgbench = withPgbench ? await findPgbench() : undefined;
  const deps = { db: ctx.db.runtime, metrics: sqlMetrics(ctx.metrics) };
  const clients: Client[] = [];
  const cells: Cell[] = [];
  const skipped = new Map<string, string>();
  try {
    await owner.query('delete from api_tokens where name = $1', [TOKEN_NAME]);
    const templates = sqlTemplates.filter((t) => only === undefined || only.has(t.name));
    console.log(
      `templates: ${templates.map((t) => t.name).join(', ')}; ${timing.iterations} calls per measurement ` +
        `after ${timing.warmup} warm-up calls (at most ${timing.budgetMs} ms each); pgbench: ${pgbench ?? 'not used'}`,
    );
    const tenants: Array<['largest' | 'median', BenchTenant]> = [
      ['largest', largest],
      ['median', median],
    ];
    for (const [label, tenant] of tenants) {
      console.log(`\n${label} tenant: rank ${tenant.rank}, ${tenant.size.toLocaleString('en-US')} items`);
      const facts = await readTenantFacts(owner, tenant.tenantId);
      const sets = parameterSets(facts);
      const { token } = await issueApiToken(ctx.db.runtime, tenant.tenantId, {
        name: TOKEN_NAME,
        scopes: ['read'],
      });
      const client = await connectSdk(base, token);
      clients.push(client);
      for (const template of templates) {
        const raw = (sets[template.name] ?? []).filter((s) => template.params.safeParse(s).success);
        if (raw.length === 0) {
          skipped.set(template.name, 'no valid parameter set');
          continue;
        }
        const parsed = raw.map((s) => template.params.parse(s));
        const compiled = parsed.map((p) => template.compile(tenant.tenantId, p, rowLimit(template, p)));
        const run = { tenantId: tenant.tenantId, requestId: 'bench', logger: ctx.logger };

        const perSet = raw.map(() => [] as number[]);
        const inside = await timeCalls(timing, async (i) => {
          const t0 = performance.now();
          await runTemplate(template, parsed[i % parsed.length] as never, run, deps);
          perSet[i % parsed.length]?.push(performance.now() - t0);
        });
        let errors = 0;
        const e2e = await timeCalls(timing, async (i) => {
          const result = await client.callTool({
            name: `sql_${template.name}`,
            arguments: raw[i % raw.length],
          });
          if (result.isError === true) {
            if (errors === 0) console.log(`  ${template.name}: tool error ${JSON.stringify(result.content)}`);
            errors++;
          }
        });
        const direct = await timeCalls(timing, async (i) => {
          const c = compiled[i % compiled.length] as CompiledSql;
          await owner.query({
            name: `${template.name}_${i % compiled.length}`,
            text: c.sql,
            values: [...c.parameters],
          });
        });
        const bench =
          pgbench === undefined
            ? undefined
            : await runPgbench(pgbench, data.url, compiled, Math.max(20, inside.length)).then(
                (samples) => summarize(samples),
                (error: unknown) => {
                  console.log(`  ${template.name}: pgbench failed: ${String(error).split('\n')[0]}`);
                  return undefined;
                },
              );
        const medians = perSet.map((s) => summarize(s).p50);
        const worst = medians.reduce((w, m, i) => ((m ?? 0) > (medians[w] ?? 0) ? i : w), 0);
        const cell: Cell = {
          template: template.name,
          tenant: label,
          tenantId: tenant.tenantId,
          sets: raw.length,
          inside: summarize(inside),
          e2e: summarize(e2e),
          direct: summarize(direct),
          pgbench: bench,
          errors,
          slowest: {
            params: raw[worst] ?? {},
            compiled: compiled[worst] as CompiledSql,
            p50: medians[worst] ?? Number.NaN,
          },
        };
        cells.push(cell);
        console.log(
          `  ${template.name.padEnd(25)} inside p50 ${ms(cell.inside.p50)} p95 ${ms(cell.inside.p95)}  ` +
            `e2e p50 ${ms(cell.e2e.p50)}  direct p50 ${ms(cell.direct.p50)}  pgbench p50 ${ms(bench?.p50)} ms`,
        );
      }
    }
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await app.close();
    await owner.end();
    await ctx.close();
  }

  console.log(`\nload average ${loadAtStart} at the start, ${load()} at the end, on ${cpus().length} CPUs`);
  console.log(
    `\nAll times in ms. Goal: inside p95 < ${GOAL_INSIDE_P95_MS} ms for every template (largest tenant);`,
  );
  console.log(
    `end-to-end p50 within ${GOAL_E2E_OVER_DIRECT_MS} ms of the direct query (node-postgres, prepared).\n`,
  );
  console.log(
    table(
      [
        'template',
        'tenant',
        'sets',
        'in p50',
        'in p95',
        'in p99',
        'e2e p50',
        'e2e p95',
        'e2e p99',
        'direct p50',
        'pgbench p50',
        'e2e-direct',
        'e2e/direct',
        `in p95<${GOAL_INSIDE_P95_MS}`,
      ],
      cells.map((c) => [
        c.template,
        c.tenant,
        String(c.sets),
        ms(c.inside.p50),
        ms(c.inside.p95),
        ms(c.inside.p99),
        ms(c.e2e.p50),
        ms(c.e2e.p95),
        ms(c.e2e.p99),
        ms(c.direct.p50),
        ms(c.pgbench?.p50),
        ms(c.e2e.p50 - c.direct.p50),
        `${(c.e2e.p50 / c.direct.p50).toFixed(1)}x`,
        c.inside.p95 < GOAL_INSIDE_P95_MS ? '✓' : '✗',
      ]),
    ),
  );
  for (const [name, why] of skipped) console.log(`skipped ${name}: ${why}`);
  const errors = cells.filter((c) => c.errors > 0);
  for (const c of errors) console.log(`${c.template} (${c.tenant}): ${c.errors} calls answered isError`);

  const misses = cells.filter((c) => c.tenant === 'largest' && c.inside.p95 >= GOAL_INSIDE_P95_MS);
  const gaps = cells.filter((c) => c.e2e.p50 - c.direct.p50 > GOAL_E2E_OVER_DIRECT_MS);
  console.log('');
  console.log(
    `inside p95 < ${GOAL_INSIDE_P95_MS} ms for the largest tenant: ${misses.length === 0 ? 'met' : `missed by ${misses.map((c) => c.template).join(', ')}`}`,
  );
  console.log(
    `e2e p50 - direct p50 <= ${GOAL_E2E_OVER_DIRECT_MS} ms: ${gaps.length === 0 ? 'met' : `missed by ${gaps.map((c) => `${c.template} (${c.tenant})`).join(', ')}`}`,
  );

  if (withExplain) {
    for (const c of misses) {
      const { role, plan } = await explainAsServer(
        data.url,
        c.tenantId,
        c.slowest.compiled.sql,
        c.slowest.compiled.parameters,
      );
      console.log(
        `\nEXPLAIN (ANALYZE, BUFFERS) of ${c.template}, largest tenant, slowest set ${JSON.stringify(c.slowest.params)} ` +
          `(inside p50 ${ms(c.slowest.p50)} ms), as ${role} with the tenant set:`,
      );
      console.log(plan.map((line) => `  ${line}`).join('\n'));
    }
  }
}

await main();

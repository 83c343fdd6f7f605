/**
 * bench:mcp-jira — what MCP Jira adds to a Jira call. Three processes: the sandbox's Jira (a child, 20,000
 * issues), MCP Jira (a child: AppContext on DATABASE_URL/REDIS_URL when set, else PGlite in memory and
 * in-memory KV; one tenant, a read token, an instance on the fake) and this driver, whose clients are the
 * official SDK client over Streamable HTTP and, for the baseline, fetch with the same Jira credentials.
 *
 *   npm run bench:mcp-jira [-- --n 2000 --uncached 600 --seconds 5 --profile]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 npm run bench:mcp-jira
 *
 * Measured: p50/p99 and calls/s of `jira_get_issue` cached (one key again and again) and uncached (a key
 * MCP has not read yet), of `jira_search` likewise, and of the same REST requests sent straight to the fake;
 * uncached MCP calls and their direct twins alternate, each right after an unmeasured direct warm-up of the
 * same request, so both meet the fake in the same state and the difference is MCP's own. Then cached calls/s
 * with 1, 8 and 16 concurrent clients (one session each). `--profile` records a CPU profile of the server
 * during the 16-client phase and prints where its time goes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { defaultCredentials } from '@digital-spiral/sandbox';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import pg from 'pg';
import { VIEW_FIELDS } from '../packages/server/src/servers/mcp-jira/issue-view.ts';
import { summarizeProfile, type CpuProfile } from './mcp-jira/profile-summary.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const JIRA_SIZE = arg('jira', 20_000);
const SEQUENTIAL = arg('n', 2_000);
const UNCACHED = arg('uncached', 600);
const SECONDS = arg('seconds', 5);
const PROFILE = process.argv.includes('--profile');
const CONCURRENCY = [1, 8, 16];
const GOALS = { overheadP50Ms: 2, cachedCallsPerSecond: 1_500 };

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'packages/server/bin/digital-spiral.js');
const SERVER = path.join(ROOT, 'bench/mcp-jira/server.ts');
const JIRA_AUTH = defaultCredentials.jira.authorization;
const ISSUE_FIELDS = [...new Set<string>([...VIEW_FIELDS, 'description'])].join(',');

interface Stats {
  p50: number;
  p99: number;
  mean: number;
  perSecond: number;
}

function stats(samples: number[], wallMs?: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const total = samples.reduce((s, x) => s + x, 0);
  return {
    p50: at(0.5),
    p99: at(0.99),
    mean: total / samples.length,
    perSecond: (samples.length / (wallMs ?? total)) * 1000,
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Starts a child; resolves with the first output line (stdout or stderr) that `ready` accepts and all before it. */
function startChild(
  command: string,
  args: string[],
  ready: (line: string) => boolean,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; line: string; seen: string }> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  let seen = '';
  return new Promise((resolve, reject) => {
    const onLine = (line: string): void => {
      seen += `${line}\n`;
      if (ready(line)) resolve({ child, line, seen });
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.on('exit', (code) =>
      reject(new Error(`${path.basename(args[0] ?? command)} exited ${code}:\n${seen}`)),
    );
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** CPU seconds (user + system) of a process, from /proc (in clock ticks of 1/100 s). */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function jira(
  base: string,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${base}${pathAndQuery}`, {
    method,
    headers: {
      authorization: JIRA_AUTH,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = await res.json();
  if (!res.ok)
    throw new Error(`Jira ${method} ${pathAndQuery}: ${res.status} ${JSON.stringify(parsed).slice(0, 200)}`);
  return parsed;
}

const directIssue = (base: string, key: string): Promise<unknown> =>
  jira(
    base,
    'GET',
    `/rest/api/3/issue/${encodeURIComponent(key)}?fields=${encodeURIComponent(ISSUE_FIELDS)}`,
  );
const directSearch = (base: string, jql: string): Promise<unknown> =>
  jira(base, 'POST', '/rest/api/3/search/jql', { jql, maxResults: 20, fields: [...VIEW_FIELDS] });

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'bench-mcp-jira', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  // The client validates structured results against the tools' output schemas, which it learns here.
  await client.listTools();
  return client;
}

async function callOk(client: Client, name: string, args: Record<string, unknown>): Promise<void> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError === true)
    throw new Error(`${name} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
}

/** Issue keys and project keys of the fake, read straight from it. */
async function discover(base: string): Promise<{ keys: string[]; project: string }> {
  const projects = (await jira(base, 'GET', '/rest/api/3/project/search?maxResults=50')) as {
    values: Array<{ key: string }>;
  };
  const project = projects.values[0]?.key;
  if (project === undefined) throw new Error('the fake has no project');
  const keys: string[] = [];
  let token: string | undefined;
  while (keys.length < UNCACHED * 2 + 10) {
    const page = (await jira(base, 'POST', '/rest/api/3/search/jql', {
      jql: 'updated >= "-3650d" ORDER BY key ASC',
      maxResults: 100,
      fields: ['summary'],
      ...(token === undefined ? {} : { nextPageToken: token }),
    })) as { issues: Array<{ key: string }>; nextPageToken?: string; isLast?: boolean };
    keys.push(...page.issues.map((i) => i.key));
    if (page.isLast === true || page.nextPageToken === undefined) break;
    token = page.nextPageToken;
  }
  return { keys, project };
}

interface Row {
  label: string;
  s: Stats;
  /** When the row's MCP calls ran (their server log lines fall inside). */
  window?: [number, number];
}

function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

/** Runs `fn` and returns its result with the wall-clock window it ran in. */
async function during<T>(fn: () => Promise<T>): Promise<{ value: T; window: [number, number] }> {
  const start = Date.now();
  const value = await fn();
  return { value, window: [start, Date.now()] };
}

interface LogTimes {
  /** Server-side duration of each POST /mcp (auth, transport, tool, response), by end time. */
  requests: Array<[number, number]>;
  /** runTool's duration of each tool call (validation and handler), by end time. */
  tools: Array<[number, number]>;
}

async function readServerLog(file: string): Promise<LogTimes> {
  const times: LogTimes = { requests: [], tools: [] };
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line) as {
      msg?: string;
      time?: string | number;
      route?: string;
      method?: string;
      duration_ms?: number;
    };
    const at = typeof entry.time === 'number' ? entry.time : Date.parse(entry.time ?? '');
    if (entry.duration_ms === undefined) continue;
    if (entry.msg === 'request completed' && entry.route === '/mcp' && entry.method === 'POST') {
      times.requests.push([at, entry.duration_ms]);
    } else if (entry.msg === 'tool call') times.tools.push([at, entry.duration_ms]);
  }
  return times;
}

const within = (entries: Array<[number, number]>, [from, to]: [number, number]): number[] =>
  entries.filter(([at]) => at >= from && at <= to + 5).map(([, ms]) => ms);

async function main(): Promise<void> {
  // The SDK client adds an abort listener to its transport's signal per request (1,600 after as many calls
  // on one session); that is the client's business, not what this measures: no warning per call.
  setMaxListeners(0);
  const load = os.loadavg()[0] ?? 0;
  console.log(
    `bench:mcp-jira — Jira fake with ${JIRA_SIZE.toLocaleString()} issues; ${os.cpus().length} CPUs, load average ${load.toFixed(2)}`,
  );
  const sandbox = await startChild(
    process.execPath,
    [BIN, 'sandbox', '--ephemeral-ports', '--jira-size', String(JIRA_SIZE), '--size', '10'],
    (line) => line.includes('Press Ctrl+C'),
  );
  const jiraUrl = /jira\s+(http:\/\/\S+)/.exec(sandbox.seen)?.[1] ?? '';

  let databaseUrl: string | undefined;
  let dropDatabase = async (): Promise<void> => undefined;
  if (process.env.DATABASE_URL !== undefined) {
    const admin = process.env.DATABASE_URL;
    const name = `ds_bench_${randomBytes(4).toString('hex')}`;
    const run = async (text: string): Promise<void> => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(text);
      } finally {
        await c.end();
      }
    };
    await run(`create database ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => run(`drop database if exists ${name} with (force)`);
  }
  let server: ChildProcess | undefined;
  const clients: Client[] = [];
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-mcp-jira-'));
  const logFile = path.join(work, 'server.log');
  try {
    if (jiraUrl === '') throw new Error(`no Jira URL in the sandbox banner:\n${sandbox.seen}`);
    const started = await startChild(
      process.execPath,
      ['--import', 'tsx', SERVER, jiraUrl],
      (line) => line.startsWith('{"url"'),
      {
        ...process.env,
        BENCH_LOG_FILE: logFile,
        ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
      },
    );
    server = started.child;
    const info = JSON.parse(started.line) as {
      url: string;
      token: string;
      backend: { db: string; kv: string };
    };
    console.log(`MCP Jira: database ${info.backend.db}, kv ${info.backend.kv}; Streamable HTTP, SDK client`);

    const { keys, project } = await discover(jiraUrl);
    const hot = keys[0] ?? '';
    const cold = keys.slice(1, 1 + UNCACHED);
    const client = await connect(info.url, info.token);
    clients.push(client);
    const rows: Row[] = [];

    // Warm-up: connections, the adapter, JIT.
    for (let i = 0; i < 200; i++) {
      await callOk(client, 'jira_get_issue', { issue_key: hot });
      await directIssue(jiraUrl, hot);
    }

    const steps = JSON.parse(
      await ask(server, `breakdown ${hot}`, (l) => l.startsWith('{"authenticate"')),
    ) as Record<string, number>;

    // jira_get_issue
    const cachedIssue = await during(async () => {
      const ms: number[] = [];
      for (let i = 0; i < SEQUENTIAL; i++)
        ms.push(await timed(() => callOk(client, 'jira_get_issue', { issue_key: hot })));
      return ms;
    });
    const directIssueMs: number[] = [];
    const uncachedIssue = await during(async () => {
      const ms: number[] = [];
      for (const key of cold) {
        await directIssue(jiraUrl, key);
        directIssueMs.push(await timed(() => directIssue(jiraUrl, key)));
        ms.push(await timed(() => callOk(client, 'jira_get_issue', { issue_key: key })));
      }
      return ms;
    });
    rows.push({
      label: 'jira_get_issue    MCP cached (same key)',
      s: stats(cachedIssue.value),
      window: cachedIssue.window,
    });
    rows.push({
      label: 'jira_get_issue    MCP uncached (new key)',
      s: stats(uncachedIssue.value),
      window: uncachedIssue.window,
    });
    rows.push({ label: 'GET /issue/{key}  direct to Jira', s: stats(directIssueMs) });

    // jira_search
    const hotJql = `project = ${project} ORDER BY updated DESC`;
    for (let i = 0; i < 50; i++) await callOk(client, 'jira_search', { jql: hotJql });
    const cachedSearch = await during(async () => {
      const ms: number[] = [];
      for (let i = 0; i < SEQUENTIAL; i++)
        ms.push(await timed(() => callOk(client, 'jira_search', { jql: hotJql })));
      return ms;
    });
    const directSearchMs: number[] = [];
    const uncachedSearch = await during(async () => {
      const ms: number[] = [];
      for (let i = 0; i < UNCACHED; i++) {
        const jql = `project = ${project} AND updated >= "-${30 + i}d" ORDER BY updated DESC`;
        await directSearch(jiraUrl, jql);
        directSearchMs.push(await timed(() => directSearch(jiraUrl, jql)));
        ms.push(await timed(() => callOk(client, 'jira_search', { jql })));
      }
      return ms;
    });
    rows.push({
      label: 'jira_search       MCP cached (same JQL)',
      s: stats(cachedSearch.value),
      window: cachedSearch.window,
    });
    rows.push({
      label: 'jira_search       MCP uncached (new JQL)',
      s: stats(uncachedSearch.value),
      window: uncachedSearch.window,
    });
    rows.push({ label: 'POST /search/jql  direct to Jira', s: stats(directSearchMs) });

    // Concurrency: cached jira_get_issue, one session per client.
    for (let i = clients.length; i < Math.max(...CONCURRENCY); i++)
      clients.push(await connect(info.url, info.token));
    const concurrent: Array<{
      clients: number;
      s: Stats;
      serverCpu: number;
      driverCpu: number;
      window: [number, number];
    }> = [];
    for (const n of CONCURRENCY) {
      const profiling = PROFILE && n === Math.max(...CONCURRENCY);
      if (profiling) await command(server, 'profile-start', 'profiling');
      const samples: number[] = [];
      const serverCpu0 = await cpuSecondsOf(server.pid ?? 0);
      const driverCpu0 = process.cpuUsage();
      const start = performance.now();
      const deadline = start + SECONDS * 1000;
      const { window } = await during(() =>
        Promise.all(
          clients.slice(0, n).map(async (c) => {
            while (performance.now() < deadline) {
              samples.push(await timed(() => callOk(c, 'jira_get_issue', { issue_key: hot })));
            }
          }),
        ),
      );
      const wall = performance.now() - start;
      const driverCpu = process.cpuUsage(driverCpu0);
      const serverCpu = (await cpuSecondsOf(server.pid ?? 0)) - serverCpu0;
      if (profiling)
        await command(server, `profile-stop ${path.join(work, 'server.cpuprofile')}`, 'profiled');
      concurrent.push({
        clients: n,
        s: stats(samples, wall),
        serverCpu: serverCpu / (wall / 1000),
        driverCpu: (driverCpu.user + driverCpu.system) / 1000 / wall,
        window,
      });
    }
    await Promise.allSettled(clients.splice(0).map((c) => c.close()));
    await stopChild(server);
    const logged = await readServerLog(logFile);

    const median = (xs: number[]): number => stats(xs).p50;
    console.log('');
    console.log('sequential, one client; server = POST /mcp as the server timed it (auth, transport, tool),');
    console.log('tool = runTool alone (validation, handler, cache or Jira)');
    console.log(
      `${''.padEnd(42)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'calls/s'.padStart(9)}${'server p50'.padStart(12)}${'tool p50'.padStart(10)}`,
    );
    for (const r of rows) {
      const server = r.window === undefined ? NaN : median(within(logged.requests, r.window));
      const tool = r.window === undefined ? NaN : median(within(logged.tools, r.window));
      console.log(
        `${r.label.padEnd(42)}${fmt(r.s.p50).padStart(8)}${fmt(r.s.p99).padStart(8)}${fmt(r.s.perSecond, 0).padStart(9)}${fmt(server).padStart(12)}${fmt(tool).padStart(10)}`,
      );
    }
    console.log('');
    console.log(
      `${'cached jira_get_issue, concurrent clients'.padEnd(42)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'calls/s'.padStart(9)}${'server p50'.padStart(12)}${'server CPU'.padStart(12)}${'CPU ms/call'.padStart(13)}${'driver CPU'.padStart(12)}`,
    );
    for (const c of concurrent) {
      console.log(
        `${`${c.clients} client${c.clients === 1 ? '' : 's'} (one session each)`.padEnd(42)}${fmt(c.s.p50).padStart(8)}${fmt(c.s.p99).padStart(8)}${fmt(c.s.perSecond, 0).padStart(9)}${fmt(median(within(logged.requests, c.window))).padStart(12)}${`${(c.serverCpu * 100).toFixed(0)}%`.padStart(12)}${fmt((c.serverCpu * 1000) / c.s.perSecond).padStart(13)}${`${(c.driverCpu * 100).toFixed(0)}%`.padStart(12)}`,
      );
    }
    const overheadIssue = stats(uncachedIssue.value).p50 - stats(directIssueMs).p50;
    const overheadSearch = stats(uncachedSearch.value).p50 - stats(directSearchMs).p50;
    const best = Math.max(...concurrent.map((c) => c.s.perSecond));
    const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
    console.log('');
    console.log('goals');
    console.log(
      `  MCP overhead p50, jira_get_issue (uncached MCP - direct): ${fmt(overheadIssue).padStart(7)} ms   goal < ${GOALS.overheadP50Ms} ms     ${verdict(overheadIssue < GOALS.overheadP50Ms)}`,
    );
    console.log(
      `  MCP overhead p50, jira_search    (uncached MCP - direct): ${fmt(overheadSearch).padStart(7)} ms   goal < ${GOALS.overheadP50Ms} ms     ${verdict(overheadSearch < GOALS.overheadP50Ms)}`,
    );
    console.log(
      `  cached calls/s, best of ${CONCURRENCY.join('/')} clients:               ${fmt(best, 0).padStart(7)}      goal >= ${GOALS.cachedCallsPerSecond}   ${verdict(best >= GOALS.cachedCallsPerSecond)}`,
    );
    console.log('');
    console.log('steps of a cached jira_get_issue, timed alone inside the server process (p50 ms)');
    console.log(
      `  verify the bearer token (auth hook, every HTTP request)   ${fmt(steps.authenticate ?? NaN)}`,
    );
    console.log(
      `  jira_list_instances through runTool (instance lookup)     ${fmt(steps.list_instances ?? NaN)}`,
    );
    console.log(
      `  jira_get_issue through runTool, cache hit                 ${fmt(steps.get_issue_cached ?? NaN)}`,
    );
    console.log(
      `  cache get alone (${info.backend.kv})                                ${fmt(steps.cache_get ?? NaN)}`,
    );
    if (load > os.cpus().length) {
      console.log(
        `  (the machine was busy: load average ${load.toFixed(1)} on ${os.cpus().length} CPUs; CPU ms/call is the steadier figure)`,
      );
    }
    if (PROFILE) {
      console.log('');
      console.log(
        summarizeProfile(
          JSON.parse(await readFile(path.join(work, 'server.cpuprofile'), 'utf8')) as CpuProfile,
        ),
      );
    }
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    if (server !== undefined) await stopChild(server);
    await stopChild(sandbox.child);
    await dropDatabase();
    await rm(work, { recursive: true, force: true });
  }
}

/** Sends a line to the server child; resolves with the first answer line that `match` accepts. */
function ask(child: ChildProcess, line: string, match: (answer: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (l) => {
      if (match(l)) {
        rl.close();
        resolve(l);
      }
    });
    child.stdin!.write(`${line}\n`);
  });
}

async function command(child: ChildProcess, line: string, answer: string): Promise<void> {
  await ask(child, line, (l) => l === answer);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

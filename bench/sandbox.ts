/**
 * `npm run bench:sandbox`: starts the sandbox in-process (Jira with 200,000 issues, the other fakes with 20,000
 * items each when they are built in), reports start-up time and memory, then measures each fake serving full
 * pages (100 items with fields; Jira with `expand=changelog`) over real HTTP on loopback with keep-alive.
 * Client and server share this process (and its event loop), so latencies include the client's own work.
 */
import os from 'node:os';
import {
  builtInFactories,
  defaultCredentials,
  startSandbox,
  type Sandbox,
  type ServiceName,
} from '../packages/sandbox/src/index.ts';

const JIRA_SIZE = 200_000;
const OTHER_SIZE = 20_000;
const WARMUP = 20;
const SEQUENTIAL = 300;
const CONCURRENT = 300;
const CLIENTS = 4;

/** What fetching one page cost: time to the last byte of the body (parsing it afterwards not included). */
interface Fetched {
  ms: number;
  bytes: number;
}

/** A walk over full pages of one fake: each call fetches the next page (wrapping around at the end). */
interface PageWalk {
  label: string;
  next(): Promise<Fetched>;
}

interface Row {
  label: string;
  items: string;
  p50: number;
  p99: number;
  seqRps: number;
  /** CPU time of this process (server and client together) per page in the sequential phase. */
  cpuMs: number;
  parRps: number;
  kb: number;
}

function authHeader(service: ServiceName): string {
  return defaultCredentials[service]?.authorization ?? '';
}

/** Fetches a URL and reads the whole body (as bytes: decoding is the client's business), timing exactly that. */
async function timedFetch(
  url: string,
  init: RequestInit,
): Promise<{ response: Response; body: Buffer; ms: number; bytes: number }> {
  const start = performance.now();
  const response = await fetch(url, init);
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - start;
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.toString('utf8', 0, 200)}`);
  return { response, body, ms, bytes: body.length };
}

function jiraWalk(base: string, label: string, fields: string): PageWalk {
  const jql = encodeURIComponent('project = WEB AND updated >= "-365d" ORDER BY updated ASC');
  const headers = { authorization: authHeader('jira') };
  let token: string | undefined;
  return {
    label,
    async next() {
      const page = token === undefined ? '' : `&nextPageToken=${token}`;
      const url = `${base}/rest/api/3/search/jql?jql=${jql}&maxResults=100&fields=${fields}&expand=changelog${page}`;
      const { body, ms, bytes } = await timedFetch(url, { headers });
      // The token closes the body: find it from the end instead of decoding and parsing 700 KB.
      const at = body.lastIndexOf('"nextPageToken":"');
      token = at < 0 ? undefined : body.toString('latin1', at + 17, body.indexOf('"', at + 17));
      return { ms, bytes };
    },
  };
}

async function githubWalk(base: string): Promise<PageWalk> {
  const headers = { authorization: authHeader('github'), accept: 'application/vnd.github+json' };
  const listed = await timedFetch(`${base}/user/repos?per_page=100`, { headers });
  const repos = JSON.parse(listed.body.toString('utf8')) as {
    full_name: string;
    open_issues_count?: number;
  }[];
  const repo = [...repos].sort((a, b) => (b.open_issues_count ?? 0) - (a.open_issues_count ?? 0))[0];
  if (repo === undefined) throw new Error('no repository');
  let page = 1;
  return {
    label: `github  GET /repos/${repo.full_name}/issues?state=all&per_page=100`,
    async next() {
      const url = `${base}/repos/${repo.full_name}/issues?state=all&per_page=100&page=${page}`;
      const { response, ms, bytes } = await timedFetch(url, { headers });
      page = /rel="next"/.test(response.headers.get('link') ?? '') ? page + 1 : 1;
      return { ms, bytes };
    },
  };
}

interface AsanaPage extends Fetched {
  data: unknown;
  next_page?: { offset: string } | null;
}

async function asanaWalk(base: string): Promise<PageWalk> {
  const headers = { authorization: authHeader('asana') };
  const get = async (path: string): Promise<AsanaPage> => {
    // Asana serves its API under /api/1.0, as app.asana.com does.
    const { body, ms, bytes } = await timedFetch(`${base}/api/1.0${path}`, { headers });
    return { ...(JSON.parse(body.toString('utf8')) as Omit<AsanaPage, 'ms' | 'bytes'>), ms, bytes };
  };
  const workspace = ((await get('/workspaces')).data as { gid: string }[])[0]?.gid;
  const project = (
    (await get(`/projects?workspace=${workspace ?? ''}&limit=100`)).data as { gid: string }[]
  )[0]?.gid;
  if (project === undefined) throw new Error('no project');
  const fields = 'name,completed,assignee.name,modified_at,created_at,due_on,notes,memberships.section.name';
  let offset: string | undefined;
  return {
    label: 'asana   GET /tasks?project=…&limit=100&opt_fields=(8 fields)',
    async next() {
      const after = offset === undefined ? '' : `&offset=${offset}`;
      const page = await get(`/tasks?project=${project}&limit=100&opt_fields=${fields}${after}`);
      offset = page.next_page?.offset;
      return { ms: page.ms, bytes: page.bytes };
    },
  };
}

function linearWalk(base: string): PageWalk {
  const query = `query Page($after: String) { issues(first: 100, after: $after) { nodes { id identifier title description priority estimate createdAt updatedAt state { name type } assignee { name email } team { key } labels { nodes { name } } } pageInfo { hasNextPage endCursor } } }`;
  const headers = { authorization: authHeader('linear'), 'content-type': 'application/json' };
  let after: string | null = null;
  return {
    label: 'linear  POST /graphql issues(first: 100) with state, assignee, labels',
    async next() {
      const body = JSON.stringify({ query, variables: { after } });
      const reply = await timedFetch(`${base}/graphql`, { method: 'POST', headers, body });
      const { ms, bytes } = reply;
      const parsed = JSON.parse(reply.body.toString('utf8')) as {
        errors?: unknown[];
        data?: { issues: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      };
      if (parsed.errors !== undefined) throw new Error(JSON.stringify(parsed.errors).slice(0, 200));
      const info = parsed.data?.issues.pageInfo;
      after = info?.hasNextPage === true ? info.endCursor : null;
      return { ms, bytes };
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function measure(walk: PageWalk, items: string): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) await walk.next();
  const latencies: number[] = [];
  let bytes = 0;
  const seqStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const page = await walk.next();
    bytes += page.bytes;
    latencies.push(page.ms);
  }
  const seqMs = performance.now() - seqStart;
  const cpu = process.cpuUsage(cpuStart);
  let remaining = CONCURRENT;
  const parStart = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        await walk.next();
      }
    }),
  );
  const parMs = performance.now() - parStart;
  latencies.sort((a, b) => a - b);
  return {
    label: walk.label,
    items,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    seqRps: (SEQUENTIAL / seqMs) * 1000,
    cpuMs: (cpu.user + cpu.system) / 1000 / SEQUENTIAL,
    parRps: (CONCURRENT / parMs) * 1000,
    kb: bytes / SEQUENTIAL / 1024,
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function printTable(rows: readonly Row[]): void {
  const header = [
    'fake / request',
    'items',
    'p50 ms',
    'p99 ms',
    'CPU ms',
    'req/s (1)',
    `req/s (${CLIENTS})`,
    'KB/page',
  ];
  const body = rows.map((r) => [
    r.label,
    r.items,
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    r.cpuMs.toFixed(2),
    r.seqRps.toFixed(0),
    r.parRps.toFixed(0),
    r.kb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

async function main(): Promise<void> {
  const services = Object.keys(builtInFactories) as ServiceName[];
  const sizes = Object.fromEntries(services.map((s) => [s, s === 'jira' ? JIRA_SIZE : OTHER_SIZE])) as Record<
    ServiceName,
    number
  >;
  const rssBefore = process.memoryUsage().rss;
  const sandbox: Sandbox = await startSandbox({
    jira: { port: 0, size: sizes.jira },
    github: { port: 0, size: sizes.github },
    asana: { port: 0, size: sizes.asana },
    linear: { port: 0, size: sizes.linear },
  });
  const memory = process.memoryUsage();
  console.log(
    `Sandbox benchmark — Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg()[0]?.toFixed(2)}`,
  );
  console.log(
    `Start-up: ${(sandbox.startupMs / 1000).toFixed(2)} s for ${services.map((s) => `${s} ${sizes[s].toLocaleString('en')}`).join(', ')}`,
  );
  for (const s of services) {
    const running = sandbox.services[s];
    if (running !== undefined)
      console.log(`  ${s.padEnd(7)} built in ${(running.buildMs / 1000).toFixed(2)} s at ${running.url}`);
  }
  console.log(
    `Memory after start: RSS ${mb(memory.rss)} (before start ${mb(rssBefore)}), heap used ${mb(memory.heapUsed)}, array buffers ${mb(memory.arrayBuffers)}`,
  );
  console.log(
    'CPU ms: CPU time of this process per page, server and client together (other processes do not count).',
  );
  console.log(
    `Each row: ${WARMUP} warm-up pages, ${SEQUENTIAL} sequential pages (latency), then ${CONCURRENT} pages over ${CLIENTS} concurrent keep-alive clients.\n`,
  );

  const rows: Row[] = [];
  const failures: string[] = [];
  const attempt = async (
    name: string,
    build: () => Promise<PageWalk> | PageWalk,
    items: string,
  ): Promise<void> => {
    try {
      rows.push(await measure(await build(), items));
    } catch (error) {
      failures.push(`${name}: not measured (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  const urls = sandbox.urls;
  if (urls.jira !== undefined) {
    const sync =
      'summary,status,assignee,reporter,priority,issuetype,project,labels,components,created,updated,resolutiondate,parent,description,customfield_10016,customfield_10020';
    await attempt(
      'jira',
      () =>
        jiraWalk(
          urls.jira ?? '',
          'jira    GET /search/jql 100 issues, 16 sync fields, expand=changelog',
          sync,
        ),
      sizes.jira.toLocaleString('en'),
    );
    await attempt(
      'jira',
      () =>
        jiraWalk(
          urls.jira ?? '',
          'jira    GET /search/jql 100 issues, fields=*all, expand=changelog',
          '*all',
        ),
      sizes.jira.toLocaleString('en'),
    );
  }
  if (urls.github !== undefined)
    await attempt('github', () => githubWalk(urls.github ?? ''), sizes.github.toLocaleString('en'));
  if (urls.asana !== undefined)
    await attempt('asana', () => asanaWalk(urls.asana ?? ''), sizes.asana.toLocaleString('en'));
  if (urls.linear !== undefined)
    await attempt('linear', () => linearWalk(urls.linear ?? ''), sizes.linear.toLocaleString('en'));
  printTable(rows);
  for (const f of failures) console.log(f);
  console.log(`\nRSS after the run: ${mb(process.memoryUsage().rss)}`);
  await sandbox.close();
}

await main();

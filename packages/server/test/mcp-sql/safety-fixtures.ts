import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DatabaseHandle } from '../../src/db/open-database.ts';
import { buildMcpSqlApp } from '../../src/servers/mcp-sql/mcp-sql-app.ts';
import { sqlTemplates } from '../../src/servers/mcp-sql/templates/index.ts';
import { encodeCursor } from '../../src/servers/mcp-sql/templates/keyset-cursor.ts';
import type { SqlTemplate } from '../../src/servers/mcp-sql/templates/sql-template.ts';
import type { DatabaseKind } from '../helpers/databases.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';
import type { SourceType } from '../../src/sources/source-type.ts';

/** Project keys of one tenant, one per source, in each source's own form. */
export interface ProjectKeys {
  jira: string;
  github: string;
  asana: string;
  linear: string;
}

export interface TenantDataSpec {
  /** Work items spread round-robin over the four sources. */
  items: number;
  keys: ProjectKeys;
  /** Appears in every instance and project name, title and comment of the tenant: a leak is a grep away. */
  marker: string;
  /** A second Jira instance whose first items reuse the keys of the first one (an ambiguous key). */
  secondJira?: boolean;
}

export interface SeededTenant {
  tenantId: string;
  spec: TenantDataSpec;
  instances: Record<SourceType, string>;
  secondJiraInstance: string | undefined;
}

const SOURCES: readonly SourceType[] = ['jira', 'github', 'asana', 'linear'];

/** The first Asana task gid of a tenant: Asana keys are plain gids, numbered from the project's gid. */
const asanaBase = (projectGid: string): bigint => BigInt(projectGid) * 10n;

/** The key of the n-th (1-based) item of `source` in a tenant seeded with `keys`, as the sources write them. */
export function itemKey(keys: ProjectKeys, source: SourceType, n: number): string {
  switch (source) {
    case 'jira':
      return `${keys.jira}-${n}`;
    case 'github':
      return `${keys.github}#${n}`;
    case 'asana':
      return String(asanaBase(keys.asana) + BigInt((n - 1) * 4 + 3));
    case 'linear':
      return `${keys.linear}-${n}`;
  }
}

/**
 * Seeds one tenant's synced data as the owner, in bulk (generate_series): instances of all four sources,
 * their projects and people, items with history, comments (the first Jira item has 15), links and daily
 * metrics. Data avoids `%` and `_` so that a LIKE metacharacter taken literally matches nothing.
 */
export async function seedTenantData(
  db: DatabaseHandle,
  tenantId: string,
  spec: TenantDataSpec,
): Promise<SeededTenant> {
  const instances = Object.fromEntries(SOURCES.map((s) => [s, randomUUID()])) as Record<SourceType, string>;
  const secondJira = spec.secondJira === true ? randomUUID() : undefined;
  const rows = SOURCES.map((source, idx) => ({
    idx,
    id: instances[source],
    source,
    pkey: spec.keys[source],
    base: source === 'asana' ? String(asanaBase(spec.keys.asana)) : '0',
  }));
  const allInstances = [
    ...rows.map((r) => ({ id: r.id, source: r.source, name: `${r.source} ${spec.marker}`, pkey: r.pkey })),
    ...(secondJira === undefined
      ? []
      : [{ id: secondJira, source: 'jira', name: `jira-2 ${spec.marker}`, pkey: spec.keys.jira }]),
  ];
  const statements: Array<[string, unknown[]]> = [
    [
      `insert into source_instances (tenant_id, id, source_type, name, base_url, auth_type, credentials_encrypted)
       select $1::uuid, r.id, r.source, r.name, 'http://127.0.0.1:9', 'bearer', 'v1.x.y.z.w'
       from jsonb_to_recordset($2::jsonb) as r(id uuid, source text, name text)`,
      [tenantId, JSON.stringify(allInstances)],
    ],
    [
      `insert into projects (tenant_id, instance_id, source_id, key, name, team, last_synced_at)
       select $1::uuid, r.id, 'p-' || r.pkey, r.pkey, 'Project ' || r.pkey || ' ' || $2::text,
         case when r.source = 'linear' then 'Core' end,
         case when r.source in ('jira', 'github') then now() - interval '1 hour' end
       from jsonb_to_recordset($3::jsonb) as r(id uuid, source text, pkey text)`,
      [tenantId, spec.marker, JSON.stringify(allInstances)],
    ],
    [
      `insert into people (tenant_id, instance_id, account_id, display_name)
       select $1::uuid, r.id, 'acc-' || n, 'Person ' || n
       from jsonb_to_recordset($2::jsonb) as r(id uuid), generate_series(0, 4) n`,
      [tenantId, JSON.stringify(allInstances)],
    ],
    [
      `insert into work_items (tenant_id, instance_id, source, source_id, source_key, project_key, title, description,
         type, original_type, status, original_status, priority, assignee_account_id, assignee_name,
         reporter_account_id, reporter_name, labels, team, created_at, updated_at, closed_at, status_changed_at,
         is_deleted)
       select $1::uuid, i.id, i.source, g::text,
         case i.source
           when 'jira' then i.pkey || '-' || x.k
           when 'github' then i.pkey || '#' || x.k
           when 'asana' then (i.base::bigint + g)::text
           else i.pkey || '-' || x.k
         end,
         i.pkey,
         'Item ' || g || ' ' || (array['refund fails', 'login slow', 'export broken', 'sync stuck'])[1 + x.k % 4]
           || ' ' || $3::text,
         'Description of item ' || g || ' ' || $3::text,
         case when i.source = 'github' then (array['issue', 'pr'])[1 + x.k % 2]
              else (array['bug', 'task', 'story', 'epic'])[1 + x.k % 4] end,
         'Type ' || x.k % 4,
         x.status,
         (array['To Do', 'In Progress', 'Done', 'Won''t Do'])[1 + x.k % 4],
         (array['critical', 'high', 'medium', 'low', 'none'])[1 + g % 5],
         case when g % 6 = 0 then null else 'acc-' || g % 5 end,
         case when g % 6 = 0 then null else 'Person ' || g % 5 end,
         'acc-' || (g + 1) % 5, 'Person ' || (g + 1) % 5,
         array['l' || g % 3],
         case when i.source = 'linear' then 'Core' end,
         x.changed - interval '10 days' - (g % 7) * interval '1 day',
         x.changed,
         case when x.status in ('done', 'closed') then x.changed end,
         x.changed,
         g % 23 = 0
       from generate_series(1, $2::int) g
       cross join lateral (
         select (g - 1) / 4 + 1 as k, (g - 1) % 4 as idx,
           (array['open', 'in_progress', 'done', 'closed'])[1 + ((g - 1) / 4 + 1) % 4] as status,
           now() - interval '1 hour' - ((g * 7) % 60) * interval '1 day' as changed
       ) x
       join jsonb_to_recordset($4::jsonb) as i(idx int, id uuid, source text, pkey text, base text) on i.idx = x.idx`,
      [tenantId, spec.items, spec.marker, JSON.stringify(rows)],
    ],
  ];
  if (secondJira !== undefined) {
    statements.push([
      `insert into work_items (tenant_id, instance_id, source, source_id, source_key, project_key, title, type,
         original_type, status, original_status, priority, labels, created_at, updated_at, status_changed_at)
       select tenant_id, $2::uuid, source, 'dup-' || source_id, source_key, project_key, 'Twin of ' || title, type,
         original_type, status, original_status, priority, labels, created_at, updated_at, status_changed_at
       from work_items
       where tenant_id = $1::uuid and instance_id = $3::uuid and source_id::int <= 12`,
      [tenantId, secondJira, instances.jira],
    ]);
  }
  statements.push(
    [
      `insert into work_item_transitions (tenant_id, work_item_id, instance_id, source_event_id, from_status, to_status,
         from_original, to_original, actor_account_id, actor_name, transitioned_at)
       select w.tenant_id, w.id, w.instance_id, 'e1', 'open', 'in_progress', 'To Do', 'In Progress',
         w.assignee_account_id, w.assignee_name, w.created_at + interval '1 day'
       from work_items w where w.tenant_id = $1::uuid
       union all
       select w.tenant_id, w.id, w.instance_id, 'e2', 'in_progress', w.status, 'In Progress', w.original_status,
         w.assignee_account_id, w.assignee_name, w.status_changed_at
       from work_items w where w.tenant_id = $1::uuid and w.status <> 'in_progress'`,
      [tenantId],
    ],
    [
      `insert into work_item_comments (tenant_id, work_item_id, instance_id, source_id, author_account_id, author_name,
         body, created_at)
       select w.tenant_id, w.id, w.instance_id, 'c' || c, 'acc-' || c % 3, 'Person ' || c % 3,
         'Comment ' || c || ' on ' || w.source_key || ' ' || $2::text, w.created_at + c * interval '1 hour'
       from work_items w
       cross join lateral generate_series(1,
         case when w.source_key = $3::text then 15 else abs(hashtext(w.source_key)) % 3 end) c
       where w.tenant_id = $1::uuid`,
      [tenantId, spec.marker, itemKey(spec.keys, 'jira', 1)],
    ],
    [
      `insert into work_item_links (tenant_id, work_item_id, instance_id, link_type, direction, target_key)
       select w.tenant_id, w.id, w.instance_id, l.type, l.direction, w.project_key || '-link-' || w.source_id
       from work_items w
       cross join (values ('blocks', 'outward'), ('relates', 'inward')) l(type, direction)
       where w.tenant_id = $1::uuid`,
      [tenantId],
    ],
    [
      `insert into work_item_metrics_daily (tenant_id, project_key, team, date, created, closed, wip,
         wip_no_assignee, stuck, reopened, lead_time_p50_hours, lead_time_p90_hours, lead_time_avg_hours)
       select $1::uuid, k.key, '', current_date - d, d % 5, d % 3 + $2::int, 10 + d % 4, d % 2, d % 3, d % 2,
         24 + d + $2::int, 72 + d, 40 + d + $2::int
       from (select distinct key from projects where tenant_id = $1::uuid) k, generate_series(0, 29) d`,
      // Tenants differ in their metrics too, so an answer tells whose rows it holds.
      [tenantId, spec.items % 13],
    ],
  );
  await db.withOwnerSession(async (session) => {
    await session.exec('begin');
    for (const [statement, parameters] of statements) await session.query(statement, parameters);
    await session.exec('commit');
  });
  return { tenantId, spec, instances, secondJiraInstance: secondJira };
}

/**
 * Refreshes planner statistics (autovacuum is off on test machines). `vacuum` also sets the visibility
 * map, as autovacuum would in production, without which no index-only scan looks cheap.
 */
export async function analyzeAll(db: DatabaseHandle, options: { vacuum?: boolean } = {}): Promise<void> {
  await db.withOwnerSession((session) =>
    session.exec(options.vacuum === true ? 'vacuum analyze' : 'analyze'),
  );
}

/** Tables whose content the safety suite watches (audit_log is left out: calls may append to it). */
const WATCHED_TABLES = [
  'tenants',
  'users',
  'api_tokens',
  'source_instances',
  'projects',
  'people',
  'work_items',
  'work_item_transitions',
  'work_item_comments',
  'work_item_links',
  'work_item_metrics_daily',
  'work_item_counts',
  'idempotency_keys',
  'sync_jobs',
  'canary',
  'canary_writable',
] as const;

/**
 * Two canaries, created as the owner: `canary` is granted to nobody (the brief's), `canary_writable` is
 * writable by every role without RLS, so a stacked INSERT that escaped the read-only transaction would show
 * up there even though the runtime role could not touch `canary`.
 */
export async function createCanaries(db: DatabaseHandle): Promise<void> {
  await db.withOwnerSession(async (session) => {
    await session.exec(`
      create table public.canary (x int);
      insert into public.canary values (1);
      revoke all on public.canary from public;
      create table public.canary_writable (x int);
      insert into public.canary_writable values (1);
      grant select, insert, update, delete on public.canary_writable to public;`);
  });
}

/**
 * Row counts per tenant and an md5 of every row of each watched table, the list of relations and
 * functions of the app schemas, and the canaries' rows: what must not change, whatever a client sends.
 */
export async function databaseFingerprint(db: DatabaseHandle): Promise<Record<string, unknown>> {
  return db.withOwnerSession(async (session) => {
    const fingerprint: Record<string, unknown> = {};
    for (const table of WATCHED_TABLES) {
      const byTenant = ['tenants', 'canary', 'canary_writable'].includes(table) ? `''` : 'tenant_id::text';
      fingerprint[table] = await session.query(
        `select ${byTenant} as tenant, count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as sum
         from public.${table} t group by 1 order by 1`,
      );
    }
    fingerprint.relations = await session.query(
      `select n.nspname || '.' || c.relname || ':' || c.relkind::text as name from pg_class c
       join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('public', 'app') order by 1`,
    );
    fingerprint.functions = await session.query(
      `select n.nspname || '.' || p.proname as name from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('public', 'app') order by 1`,
    );
    fingerprint.roles = await session.query(
      `select rolname, rolsuper, rolbypassrls from pg_roles where rolname like 'ds%' order by 1`,
    );
    return fingerprint;
  });
}

/** The keys of tenant A (alpha) and B (bravo). B reuses A's Jira key PAY, so only tenant filters tell them apart. */
export const ALPHA_KEYS: ProjectKeys = {
  jira: 'PAY',
  github: 'alpha-org/web',
  asana: '1100000000000001',
  linear: 'ENG',
};
export const BRAVO_KEYS: ProjectKeys = {
  jira: 'PAY',
  github: 'bravo-org/api',
  asana: '2200000000000001',
  linear: 'OPS',
};

/** Every template the suite covers: the whole whitelist. */
export function templates(): readonly SqlTemplate[] {
  return sqlTemplates;
}

const DAY = 86_400_000;

/**
 * Arguments per template that reach data of a tenant seeded by seedTenantData: each template's filters, and
 * every key form. A template without samples fails the suite until it gets some.
 */
export function sampleArgs(t: SeededTenant): Record<string, Record<string, unknown>[]> {
  const k = t.spec.keys;
  return {
    search_issues_by_project: [
      { project: k.jira },
      { project: k.github, status: ['open', 'in_progress'], limit: 5 },
      { project: k.jira, assignee: 'acc-1', instance_id: t.instances.jira },
      { project: k.linear, assignee: 'person 2', source: 'linear', priority: ['high', 'low'] },
      {
        project: k.github,
        cursor: encodeCursor({
          updatedAt: new Date(Date.now() - 20 * DAY).toISOString().replace('Z', '000Z'),
          id: t.instances.jira,
        }),
      },
    ],
    get_project_metrics: [
      { project: k.jira },
      { project: k.linear, days: 7, end_date: new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10) },
    ],
    search_issues_by_text: [
      { query: 'refund fails', projects: [k.jira, k.github] },
      { query: 'login slw', projects: [k.linear], min_similarity: 0.5, limit: 5 },
      { query: 'export', projects: [k.jira, k.asana], status: 'open', source: ['jira', 'asana'] },
    ],
    get_issue_history: [
      { key: itemKey(k, 'jira', 1) },
      { key: itemKey(k, 'github', 2) },
      { key: itemKey(k, 'asana', 3), limit: 1 },
      { key: itemKey(k, 'jira', 2), instance_id: t.instances.jira },
    ],
    get_user_workload: [
      { assignee: 'acc-1' },
      { assignee: 'person 2', statuses: ['in_progress'], stuck_after_days: 3 },
    ],
    lead_time_metrics: [
      {},
      { project: k.jira, days: 14 },
      { days: 60, end_date: new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10) },
    ],
    get_stuck_issues: [
      {},
      { days: 30, project: k.jira },
      { status: 'open', source: 'github' },
      { instance_id: t.instances.linear, limit: 5 },
    ],
    get_work_item: [
      { key: itemKey(k, 'jira', 1) },
      { key: itemKey(k, 'github', 2) },
      { key: itemKey(k, 'asana', 3) },
      { key: itemKey(k, 'linear', 4) },
      { key: itemKey(k, 'jira', 2), instance_id: t.instances.jira },
    ],
    cross_source_summary: [{}, { source: 'linear' }],
    list_projects: [{}, { source: 'jira' }, { instance_id: t.instances.github, limit: 1 }],
  };
}

/** What the suite needs to know of one parameter, read from the template's JSON schema. */
export interface ParamInfo {
  name: string;
  /** text: a free string; enum, uuid and format (a date, say): strings with a closed form. */
  kind: 'text' | 'enum' | 'uuid' | 'format' | 'integer' | 'number' | 'array' | 'boolean' | 'other';
  required: boolean;
  minimum: number | undefined;
  maximum: number | undefined;
  maxLength: number | undefined;
  maxItems: number | undefined;
}

interface JsonProperty {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  anyOf?: JsonProperty[];
}

/** The parameters of a template, as the JSON schema that clients see describes them. */
export function paramsOf(template: SqlTemplate): ParamInfo[] {
  const schema = z.toJSONSchema(template.params, { io: 'input' }) as {
    properties?: Record<string, JsonProperty>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, raw]) => {
    const p = raw.anyOf?.find((option) => option.type !== 'null') ?? raw;
    const kind: ParamInfo['kind'] =
      p.type === 'string'
        ? p.enum !== undefined
          ? 'enum'
          : p.format === 'uuid'
            ? 'uuid'
            : p.format !== undefined || p.pattern !== undefined
              ? 'format'
              : 'text'
        : p.type === 'integer' || p.type === 'number' || p.type === 'array' || p.type === 'boolean'
          ? p.type
          : 'other';
    return {
      name,
      kind,
      required: schema.required?.includes(name) ?? false,
      minimum: p.minimum,
      maximum: p.maximum,
      maxLength: p.maxLength,
      maxItems: p.maxItems,
    };
  });
}

/**
 * Strings a hostile client sends: stacked statements, comment and quote tricks, backslashes, NUL,
 * look-alike quotes, LIKE metacharacters, placeholders and very long input. None of them matches data.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  "'; COMMIT; INSERT INTO canary VALUES (666); --",
  "'; COMMIT; INSERT INTO public.canary_writable VALUES (666); --",
  'COMMIT; DROP TABLE work_items',
  'x; COMMIT; DELETE FROM work_items; --',
  "x'); DELETE FROM work_items; --",
  "x'; UPDATE work_items SET title = 'pwned'; --",
  "' OR '1'='1",
  "' OR 1=1 --",
  "PAY-1' OR tenant_id <> tenant_id --",
  "' UNION SELECT * FROM work_items --",
  "'; SET ROLE postgres; --",
  "'; RESET ROLE; SELECT * FROM canary; --",
  "'; SELECT set_config('app.current_tenant_id', '00000000-0000-0000-0000-000000000000', false); --",
  '/* */ OR /* */ 1=1',
  '*/ SELECT 1 /*',
  '/*',
  '--',
  'PAY-1 --',
  "\\'; DROP TABLE canary; --",
  '\\',
  '\\x27 OR 1=1',
  "E'\\x27'",
  '$1',
  '$2::text',
  '$$; DROP TABLE canary; $$',
  '\u0000',
  "PAY-1\u0000' OR 1=1 --",
  '\uFF07 OR \uFF11=\uFF11 --',
  '\u02BC OR 1=1 --',
  '\u2019; DROP TABLE canary; --',
  '%',
  '_',
  '%%',
  '%_%',
  'PAY-%',
  '\\%',
  'null',
  'NULL',
  'undefined',
  ' ',
  '\r\n\t',
  '\u202E1-YAP',
  'PAY\u200B-1',
  '\u{1F600}'.repeat(50),
  'x'.repeat(10_000),
];

/** Pieces that fast-check glues into hostile strings, besides arbitrary code points. */
export const HOSTILE_FRAGMENTS: readonly string[] = [
  "'",
  '"',
  ';',
  '--',
  '/*',
  '*/',
  '\\',
  '%',
  '_',
  '$1',
  'COMMIT',
  ' DROP TABLE canary',
  ' OR 1=1',
  '\u0000',
  '\uFF07',
  '\u02BC',
  'PAY-1',
];

export interface SafetyTenant extends SeededTenant {
  token: string;
}

/** Two tenants with data (alpha has an ambiguous key across two Jira instances), canaries, and MCP SQL. */
export interface SafetyWorld {
  t: TestContext;
  app: FastifyInstance;
  alpha: SafetyTenant;
  bravo: SafetyTenant;
  close(): Promise<void>;
}

export async function startSafetyWorld(kind?: DatabaseKind): Promise<SafetyWorld> {
  const t = await createTestContext(kind === undefined ? {} : { kind });
  const db = t.ctx.db;
  await createCanaries(db);
  const seed = async (slug: string, spec: TenantDataSpec): Promise<SafetyTenant> => {
    const { tenantId, token } = await tenantWithToken(t.ctx, slug, ['read']);
    return { ...(await seedTenantData(db, tenantId, spec)), token };
  };
  const alpha = await seed('alpha', {
    items: 120,
    keys: ALPHA_KEYS,
    marker: 'alpha-marker',
    secondJira: true,
  });
  const bravo = await seed('bravo', { items: 80, keys: BRAVO_KEYS, marker: 'bravo-secret' });
  await analyzeAll(db);
  const app = await buildMcpSqlApp(t.ctx);
  return {
    t,
    app,
    alpha,
    bravo,
    close: async () => {
      await app.close();
      await t.ctx.close();
    },
  };
}

export interface InvokeAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Calls `sql_<template>` (or any tool name) through the REST fallback, as `tenant`. */
export async function invoke(
  world: SafetyWorld,
  tenant: SafetyTenant,
  name: string,
  args: unknown,
): Promise<InvokeAnswer> {
  const res = await world.app.inject({
    method: 'POST',
    url: '/tools/invoke',
    headers: bearer(tenant.token),
    payload: { name, arguments: args },
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

/** The typed error of an answer, if it is one. */
export function errorOf(
  answer: InvokeAnswer,
): { code: string; message: string; details?: unknown } | undefined {
  return answer.body.error as { code: string; message: string; details?: unknown } | undefined;
}

/** Parameter paths a validation error names. */
export function issuePaths(answer: InvokeAnswer): string[] {
  const details = errorOf(answer)?.details as { issues?: Array<{ path: string }> } | undefined;
  return (details?.issues ?? []).map((i) => i.path);
}

/**
 * An answer with what echoes the caller's `values` blanked: string values equal to one, and one quoted in a
 * message ("no project 'X'"). Request ids go too, so that two answers compare.
 */
export function withoutEcho(node: unknown, values: readonly string[]): unknown {
  if (typeof node === 'string') {
    if (values.includes(node)) return '<value>';
    return values.reduce((text, v) => text.replaceAll(`'${v}'`, "'<value>'"), node);
  }
  if (Array.isArray(node)) return node.map((n) => withoutEcho(n, values));
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => k !== 'request_id')
      .map(([k, v]) => [k, withoutEcho(v, values)]),
  );
}

/** What of `other` tenant shows in an answer to `args` (its tenant id, instance ids or marker), echoes aside. */
export function leaksOf(answer: InvokeAnswer, other: SeededTenant, args: unknown): string[] {
  const sent = typeof args === 'object' && args !== null ? Object.values(args) : [];
  const text = JSON.stringify(
    withoutEcho(
      answer.body,
      sent.filter((v) => typeof v === 'string'),
    ),
  );
  return [other.tenantId, ...Object.values(other.instances), other.spec.marker].filter((s) =>
    text.includes(s),
  );
}

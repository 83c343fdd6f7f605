import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateBearer, type AuthContext } from '../../src/auth/authenticate.ts';
import { ERROR_CODES } from '../../src/errors/app-error.ts';
import { httpStatusOf } from '../../src/http/error-response.ts';
import type { McpServerSpec } from '../../src/mcp/create-mcp-server.ts';
import { mcpMetrics, type McpMetrics } from '../../src/mcp/mcp-metrics.ts';
import { runTool, type ToolOutcome } from '../../src/mcp/run-tool.ts';
import type { AnyTool } from '../../src/mcp/tool-definition.ts';
import { buildMcpJiraApp } from '../../src/servers/mcp-jira/mcp-jira-app.ts';
import { mcpJiraSpec } from '../../src/servers/mcp-jira/mcp-jira-spec.ts';
import { buildMcpSqlApp } from '../../src/servers/mcp-sql/mcp-sql-app.ts';
import { mcpSqlSpec } from '../../src/servers/mcp-sql/mcp-sql-spec.ts';
import { issueApiToken } from '../../src/services/api-tokens.ts';
import {
  createInstanceVia,
  instanceBody,
  startSyncHarness,
  waitForJob,
  type SyncHarness,
} from '../helpers/sync-harness.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';

/**
 * Property tests over EVERY tool of MCP Jira and MCP SQL, enumerated from their specs (new tools are covered
 * without touching this file): random JSON values, and objects shaped like each tool's input with hostile
 * strings, wrong types, extra and prototype-polluting keys and out-of-range numbers. Through runTool directly
 * (many runs) and through the SDK client over Streamable HTTP (a sample). Properties: nothing throws, no 5xx,
 * every error is typed with the call's request id, arguments the schema refuses are a validation_error and a
 * client mistake is never `internal`, a success matches the tool's output schema, nothing of another tenant
 * comes back, and a Jira write changes the sandbox only as it says (nothing at all when it fails). Every tool
 * is checked even when another fails, and the generator must get past validation on each of them.
 */

const SEED = 20_260_615;
const RUNS = { anything: 15, shaped: 45, sdk: 6 };

const HOSTILE_STRINGS = [
  "' OR 1=1 --",
  "'; DROP TABLE work_items; --",
  "x' UNION SELECT token_hash FROM api_tokens --",
  '$1',
  '\\',
  '%',
  '_%_',
  'PAY-1" OR project is not EMPTY OR summary ~ "',
  'project = WEB OR 1=1 ORDER BY key',
  ') OR (assignee = currentUser()',
  'PAY-1/../../rest/api/3/myself',
  '../../../../etc/passwd',
  '%2e%2e%2f%2e%2e%2f',
  'PAY-1?expand=changelog&jql=x',
  'PAY-1#x',
  '\u0000',
  'PAY-1\u0000',
  'a\u0000b',
  'x'.repeat(100_000),
  'ä'.repeat(40_000),
  'РAY-1', // Cyrillic Р
  'PAY‐1', // U+2010 hyphen
  'ＰＡＹ－１', // full width
  'PAY-１',
  '\u202e 1-YAP',
  'PAY\u200b-1',
  '\ud800',
  '💥'.repeat(100),
  '${process.env.DATABASE_URL}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '-1',
  '1e309',
  'NaN',
  '',
  ' ',
  '\n\t\r',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  '{"type":"doc","version":1,"content":[]}',
  '__proto__',
  'constructor',
  'toString',
];

const HOSTILE_NUMBERS = [
  -1,
  0,
  -0,
  0.5,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53),
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];

const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'tenant_id',
  'toString',
  'zz_extra',
  'hasOwnProperty',
];

/** Values the tools can act on, so that generated arguments often reach Jira and the database. */
interface Known {
  instanceIds: string[];
  /** An instance of another tenant: naming it must never succeed. */
  foreignInstanceId: string;
  tenantId: string;
  foreignTenantId: string;
  issueKeys: string[];
  projectKeys: string[];
  statuses: string[];
  accountIds: string[];
  people: string[];
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
};

/** Sets a key as an own property, `__proto__` included (plain assignment would replace the prototype). */
function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const oneOfValues = <T>(values: readonly T[]): fc.Arbitrary<T> | undefined =>
  values.length === 0 ? undefined : fc.constantFrom(...values);

/** Real values for a field, by its name: ids of this tenant's instance, keys the fake has, and so on. */
function hintFor(name: string, known: Known): fc.Arbitrary<unknown> | undefined {
  if (/instance/i.test(name)) {
    return fc.constantFrom(...known.instanceIds, ...known.instanceIds, known.foreignInstanceId);
  }
  if (name === 'tenant_id') return fc.constantFrom(known.tenantId, known.tenantId, known.foreignTenantId);
  if (name === 'jql') {
    const project = known.projectKeys[0] ?? 'WEB';
    return fc.constantFrom(
      `project = ${project} ORDER BY updated DESC`,
      `project = ${project} AND status = "${known.statuses[0] ?? 'Done'}"`,
      `key = ${known.issueKeys[0] ?? 'WEB-1'}`,
      `project = ${project} AND summary ~ "' OR 1=1 --"`,
      `project = "${project}\\" OR project is not EMPTY OR \\""`,
      `project = ${project}) OR (1=1`,
      'ORDER BY created',
      `project in (${known.projectKeys.join(', ')}) AND updated >= -30d`,
    );
  }
  if (/(^|_)(key|issue_key|from_key|to_key|parent_key)$/.test(name)) return oneOfValues(known.issueKeys);
  if (/project/.test(name)) return oneOfValues(known.projectKeys);
  if (name === 'to') return oneOfValues(known.statuses);
  if (/account_id/.test(name)) return oneOfValues(known.accountIds);
  if (name === 'assignee') return oneOfValues(known.people);
  if (name === 'link_type') return fc.constantFrom('Blocks', 'Relates', 'Duplicate', 'Cloners', 'blocks');
  return undefined;
}

type Mode = 'plausible' | 'chaos';

/** A value of the schema's type, with hostile content where the type allows it (free text). */
function valueFor(
  schema: JsonSchema,
  name: string,
  known: Known,
  mode: Mode,
  depth: number,
): fc.Arbitrary<unknown> {
  if (mode === 'chaos') {
    return fc.oneof(
      { weight: 4, arbitrary: valueFor(schema, name, known, 'plausible', depth) },
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(...WRONG_TYPES) },
    );
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union !== undefined && union.length > 0) {
    return fc.oneof(...union.map((s) => valueFor(s, name, known, mode, depth)));
  }
  if (schema.allOf?.[0] !== undefined) return valueFor(schema.allOf[0], name, known, mode, depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const hint = hintFor(name, known);
  switch (type) {
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? 100_000;
      let plain: fc.Arbitrary<string>;
      if (schema.format === 'uuid') plain = fc.uuid();
      else if (schema.format === 'date') {
        plain = fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      } else if (schema.format === 'date-time') {
        plain = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      } else if (schema.pattern !== undefined) {
        plain = fc
          .stringMatching(new RegExp(schema.pattern))
          .filter((x) => x.length >= min && x.length <= max);
      } else {
        // Free text: printable, unicode, and the hostile strings that fit the bounds (all legal here).
        const fitting = HOSTILE_STRINGS.filter((x) => x.length >= min && x.length <= max);
        plain = fc.oneof(
          fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }),
          fc.string({
            unit: 'grapheme',
            minLength: Math.max(min, 1),
            maxLength: Math.max(min, Math.min(max, 20)),
          }),
          ...(fitting.length > 0 ? [fc.constantFrom(...fitting)] : []),
        );
      }
      return hint === undefined
        ? plain
        : fc.oneof({ weight: 4, arbitrary: hint }, { weight: 1, arbitrary: plain });
    }
    case 'integer':
    case 'number': {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1000 : schema.exclusiveMinimum + 1);
      const max =
        schema.maximum ?? (schema.exclusiveMaximum === undefined ? 1000 : schema.exclusiveMaximum - 1);
      const lo = Math.max(min, -1e6);
      const hi = Math.max(lo, Math.min(max, 1e6));
      return type === 'integer'
        ? fc.oneof(
            fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }),
            fc.constantFrom(Math.ceil(lo), Math.floor(hi)),
          )
        : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 3) return fc.constant([]);
      const min = schema.minItems ?? 0;
      return fc.array(valueFor(schema.items ?? {}, name, known, mode, depth + 1), {
        minLength: min,
        maxLength: Math.max(min, Math.min(schema.maxItems ?? 4, 4)),
      });
    }
    case 'object':
      return depth > 3 ? fc.constant({}) : objectOf(schema, known, mode, depth + 1);
    default:
      return hint ?? fc.jsonValue({ maxDepth: 2 });
  }
}

const WRONG_TYPES: unknown[] = [
  null,
  true,
  [],
  {},
  ['PAY-1', { $ne: null }],
  { $gt: '' },
  ["' OR 1=1 --"],
  42,
];

/** An object shaped like the schema: required keys present, optional ones half the time. */
function objectOf(
  schema: JsonSchema,
  known: Known,
  mode: Mode,
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = properties.map(([key, sub]) =>
    fc.record({
      present: required.has(key) ? fc.constant(true) : fc.boolean(),
      value: valueFor(sub, key, known, mode, depth),
    }),
  );
  const additional = schema.additionalProperties;
  const extras =
    properties.length === 0 && typeof additional === 'object'
      ? fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })), {
          maxLength: 2,
        })
      : fc.constant<Array<[string, unknown]>>([]);
  return fc.tuple(fc.tuple(...fields), extras).map(([values, extra]) => {
    const out: Record<string, unknown> = {};
    properties.forEach(([key], i) => {
      const field = values[i] as { present: boolean; value: unknown } | undefined;
      if (field?.present === true) withKey(out, key, field.value);
    });
    for (const [key, value] of extra) withKey(out, key, value);
    return out;
  });
}

/** One mistake in otherwise plausible arguments: a hostile or mistyped value, a dropped or an extra key. */
function withOneMistake(
  args: fc.Arbitrary<Record<string, unknown>>,
  schema: JsonSchema,
): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(schema.properties ?? {});
  const hostileValue = fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.constantFrom(...WRONG_TYPES),
    fc.anything({ maxDepth: 2 }),
  );
  const mistake = fc.oneof(
    ...(keys.length > 0
      ? [
          fc.record({
            kind: fc.constant('set' as const),
            key: fc.constantFrom(...keys),
            value: hostileValue,
          }),
          fc.record({
            kind: fc.constant('drop' as const),
            key: fc.constantFrom(...keys),
            value: fc.constant(null),
          }),
        ]
      : []),
    fc.record({
      kind: fc.constant('set' as const),
      key: fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 20 })),
      value: fc.oneof(hostileValue, fc.constant({ polluted: true })),
    }),
  );
  return fc.tuple(args, mistake).map(([base, m]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(base)) if (!(m.kind === 'drop' && k === m.key)) withKey(out, k, v);
    if (m.kind === 'set') withKey(out, m.key, m.value);
    return out;
  });
}

/** Arguments for a tool: plausible (hostile text where text is free), plausible with one mistake, or chaos. */
function argumentsFor(schema: JsonSchema, known: Known): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    { weight: 4, arbitrary: objectOf(schema, known, 'plausible') },
    { weight: 3, arbitrary: withOneMistake(objectOf(schema, known, 'plausible'), schema) },
    { weight: 2, arbitrary: objectOf(schema, known, 'chaos') },
  );
}

function inputSchemaOf(tool: AnyTool): JsonSchema {
  return z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

const isWrite = (tool: AnyTool): boolean => tool.scope === 'write' || !tool.annotations.readOnlyHint;

describe('every MCP tool under random and hostile arguments', () => {
  let h: SyncHarness;
  let auth: AuthContext;
  let writerToken: string;
  let known: Known;
  let metrics: McpMetrics;
  let specs: Array<{ server: string; spec: McpServerSpec }>;
  let prototypeKeys: string[];
  let counter = 0;

  const jiraStats = (): Record<string, number> => h.sandbox.services.jira?.service.stats() ?? {};

  beforeAll(async () => {
    prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    h = await startSyncHarness({
      jira: { port: 0, size: 60 },
      github: { enabled: false },
      asana: { enabled: false },
      linear: { enabled: false },
    });
    // Budgets large enough that the properties meet the tools, not the rate limits.
    const sync_settings = { write_rate_limit_per_minute: 10_000, requests_per_minute: 100_000 };
    const instanceId = await createInstanceVia(h, h.admin.token, {
      ...instanceBody(h.sandbox, 'jira', 'jira'),
      sync_settings,
    });
    const started = await h.api.inject({
      method: 'POST',
      url: `/api/v1/instances/${instanceId}/backfill`,
      headers: bearer(h.admin.token),
    });
    expect(
      await waitForJob(h, h.admin.token, instanceId, started.json<{ task_id: string }>().task_id),
    ).toMatchObject({ status: 'completed' });
    const other = await tenantWithToken(h.t.ctx, 'globex', ['admin']);
    const foreignInstanceId = await createInstanceVia(
      h,
      other.token,
      instanceBody(h.sandbox, 'jira', 'globex-jira'),
    );
    // The other tenant has the same issues synced: any leak across tenants would show in an answer.
    const foreignJob = await h.api.inject({
      method: 'POST',
      url: `/api/v1/instances/${foreignInstanceId}/backfill`,
      headers: bearer(other.token),
    });
    expect(
      await waitForJob(h, other.token, foreignInstanceId, foreignJob.json<{ task_id: string }>().task_id),
    ).toMatchObject({ status: 'completed' });
    writerToken = (
      await issueApiToken(h.t.ctx.db.runtime, h.admin.tenantId, { name: 'writer', scopes: ['read', 'write'] })
    ).token;
    auth = await authenticateBearer(h.t.ctx.db.runtime, `Bearer ${writerToken}`);
    const owner = h.t.ctx.db.owner;
    const column = async (query: ReturnType<typeof sql<{ v: string }>>): Promise<string[]> =>
      (await query.execute(owner)).rows.map((r) => r.v);
    known = {
      instanceIds: [instanceId],
      foreignInstanceId,
      tenantId: h.admin.tenantId,
      foreignTenantId: other.tenantId,
      issueKeys: await column(sql`
        select source_key as v from work_items where instance_id = ${instanceId}::uuid order by source_key limit 8`),
      projectKeys: await column(
        sql`select key as v from projects where instance_id = ${instanceId}::uuid order by key`,
      ),
      statuses: await column(sql`
        select distinct original_status as v from work_items where instance_id = ${instanceId}::uuid order by 1`),
      accountIds: await column(sql`
        select account_id as v from people where instance_id = ${instanceId}::uuid order by 1 limit 5`),
      people: await column(sql`
        select display_name as v from people where instance_id = ${instanceId}::uuid order by 1 limit 5`),
    };
    expect(known.issueKeys.length).toBeGreaterThan(0);
    metrics = mcpMetrics(new Registry());
    specs = [
      { server: 'jira', spec: mcpJiraSpec(h.t.ctx) },
      { server: 'sql', spec: mcpSqlSpec(h.t.ctx) },
    ];
  });

  afterAll(async () => {
    for (const { spec } of specs ?? []) await spec.close?.();
    await h?.close();
  });

  /** Runs one call through runTool and checks every property of its outcome. */
  async function checkCall(tool: AnyTool, args: unknown): Promise<ToolOutcome> {
    const requestId = `prop-${++counter}`;
    const before = isWrite(tool) ? jiraStats() : undefined;
    let outcome: ToolOutcome;
    try {
      outcome = await runTool(tool, args, { auth, requestId, logger: h.t.ctx.logger }, metrics);
    } catch (error) {
      throw new Error(`${tool.name} threw ${String(error)}`, { cause: error });
    }
    const valid = tool.input.safeParse(args ?? {}).success;
    const what = `${tool.name}(${describeArgs(args)}) → ${JSON.stringify(outcome).slice(0, 300)}`;
    if (outcome.ok) {
      expect(valid, what).toBe(true);
      expect(tool.output.safeParse(outcome.value).success, `${what}: output does not match its schema`).toBe(
        true,
      );
    } else {
      const { error } = outcome;
      expect(ERROR_CODES, what).toContain(error.code);
      expect(error.request_id, what).toBe(requestId);
      expect(typeof error.message, what).toBe('string');
      expect(error.code, `${what}: a client mistake reported as internal`).not.toBe('internal');
      expect(httpStatusOf(error.code), what).toBeLessThan(500);
      if (!valid) expect(error.code, what).toBe('validation_error');
    }
    // Nothing of the other tenant ever comes back; a Jira tool told to use its instance refuses.
    const answer = JSON.stringify(outcome);
    expect(answer.includes(known.foreignInstanceId) || answer.includes(known.foreignTenantId), what).toBe(
      false,
    );
    const named =
      args !== null && typeof args === 'object' ? (args as Record<string, unknown>).instance_id : undefined;
    if (named === known.foreignInstanceId && tool.name.startsWith('jira_')) {
      expect(outcome.ok, `${what}: another tenant's instance`).toBe(false);
    }
    if (before !== undefined) {
      const after = jiraStats();
      if (!outcome.ok) {
        expect(after, `${what}: a failed write changed the sandbox`).toEqual(before);
      } else {
        // A successful write changes at most what it says: one new issue (create) or one link (link).
        expect(after.deletedIssues, what).toBe(before.deletedIssues);
        expect(after.projects, what).toBe(before.projects);
        expect((after.issues ?? 0) - (before.issues ?? 0), what).toBe(/create/.test(tool.name) ? 1 : 0);
        expect((after.links ?? 0) - (before.links ?? 0), what).toBeLessThanOrEqual(
          /link/.test(tool.name) ? 1 : 0,
        );
      }
    }
    return outcome;
  }

  /** Checks a property on every tool, so that one tool's bug does not hide another's; returns the failures. */
  async function everyTool(
    tools: readonly AnyTool[],
    property: (tool: AnyTool) => fc.IAsyncPropertyWithHooks<[unknown]> | fc.IAsyncProperty<[unknown]>,
    numRuns: number,
  ): Promise<string[]> {
    const failures: string[] = [];
    for (const tool of tools) {
      const details = await fc.check(property(tool), { seed: SEED, numRuns, endOnFailure: true });
      if (details.failed) {
        const error = details.errorInstance;
        failures.push(
          `${tool.name}: ${(error instanceof Error ? error.message : String(error)).slice(0, 800)}`,
        );
      }
    }
    return failures;
  }

  const randomValues = (tool: AnyTool): fc.Arbitrary<unknown> =>
    fc.oneof(
      fc.jsonValue(),
      fc.anything({
        withNullPrototype: true,
        withBoxedValues: true,
        withSparseArray: true,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        key: fc.oneof(fc.string(), fc.constantFrom(...EXTRA_KEYS)),
      }),
      fc.dictionary(fc.constantFrom(...Object.keys(tool.input.shape), ...EXTRA_KEYS), fc.anything()),
    );

  it.each(['jira', 'sql'])('MCP %s: random JSON values never break a tool', async (server) => {
    const { spec } = specs.find((s) => s.server === server)!;
    const failures = await everyTool(
      spec.tools,
      (tool) =>
        fc.asyncProperty(randomValues(tool), async (args) => {
          await checkCall(tool, args);
        }),
      RUNS.anything,
    );
    expect(failures).toEqual([]);
  });

  it.each(['jira', 'sql'])(
    'MCP %s: hostile arguments shaped like each tool’s input never break it',
    async (server) => {
      const { spec } = specs.find((s) => s.server === server)!;
      const reachedHandler = new Set<string>();
      const failures = await everyTool(
        spec.tools,
        (tool) =>
          fc.asyncProperty(argumentsFor(inputSchemaOf(tool), known), async (args) => {
            if (tool.input.safeParse(args).success) reachedHandler.add(tool.name);
            await checkCall(tool, args);
          }),
        RUNS.shaped,
      );
      expect(failures).toEqual([]);
      // The generator must get past validation on every tool, or the tools' real work goes untested.
      expect(spec.tools.map((t) => t.name).filter((name) => !reachedHandler.has(name))).toEqual([]);
    },
  );

  describe.each([
    { server: 'jira', build: buildMcpJiraApp },
    { server: 'sql', build: buildMcpSqlApp },
  ])('MCP $server over Streamable HTTP with the SDK client', ({ server, build }) => {
    let app: FastifyInstance;
    let client: Client;
    let transport: StreamableHTTPClientTransport;

    beforeAll(async () => {
      app = await build(h.t.ctx);
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: bearer(writerToken) },
      });
      client = new Client({ name: 'properties', version: '1.0.0' });
      await client.connect(transport);
    });
    afterAll(async () => {
      await transport?.terminateSession().catch(() => undefined);
      await client?.close();
      await app?.close();
    });

    it('answers hostile arguments with results or typed tool errors', async () => {
      const { spec } = specs.find((s) => s.server === server)!;
      if (spec.tools.length === 0) return;
      const listed = new Set((await client.listTools()).tools.map((tool) => tool.name));
      expect(listed).toEqual(new Set(spec.tools.map((tool) => tool.name)));
      const failures = await everyTool(
        spec.tools,
        (tool) =>
          fc.asyncProperty(argumentsFor(inputSchemaOf(tool), known), async (args) => {
            const before = isWrite(tool) ? jiraStats() : undefined;
            let result: Awaited<ReturnType<Client['callTool']>>;
            try {
              result = await client.callTool({ name: tool.name, arguments: args });
            } catch (error) {
              // Only the HTTP layer may refuse, and only as the typed 400/413 (a `__proto__` key, a huge body).
              expect(String(error), `${tool.name}(${describeArgs(args)})`).toMatch(
                /"code":"validation_error"/,
              );
              if (before !== undefined) expect(jiraStats()).toEqual(before);
              return;
            }
            const what = `${tool.name}(${describeArgs(args)}) → ${JSON.stringify(result).slice(0, 300)}`;
            if (result.isError === true) {
              const text = (result.content as Array<{ text?: string }>)[0]?.text ?? '{}';
              const { error } = JSON.parse(text) as { error: { code: string; request_id: unknown } };
              expect(ERROR_CODES, what).toContain(error.code);
              expect(error.code, what).not.toBe('internal');
              expect(error.request_id, what).toEqual(expect.any(String));
              if (before !== undefined) expect(jiraStats(), what).toEqual(before);
            } else {
              expect(result.structuredContent, what).toBeDefined();
            }
          }),
        RUNS.sdk,
      );
      expect(failures).toEqual([]);
    });
  });

  it('polluted no prototype and logged no error', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // No internal failure, and nothing else logged as an error (a failed audit row, a failed request).
    expect(
      h.t.logs.lines
        .filter((line) => /"level":"(error|fatal)"/.test(line))
        .map((line) => line.slice(0, 1500)),
    ).toEqual([]);
  });
});

/** A short description of arguments for failure messages (huge strings shortened). */
function describeArgs(args: unknown): string {
  try {
    return JSON.stringify(args, (_k, v: unknown) =>
      typeof v === 'string' && v.length > 60
        ? `${v.slice(0, 20)}…(${v.length})`
        : typeof v === 'bigint'
          ? `${v}n`
          : v,
    ).slice(0, 400);
  } catch {
    return String(args);
  }
}

import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/open-database.ts';
import { mcpMetrics } from '../../src/mcp/mcp-metrics.ts';
import { runTool } from '../../src/mcp/run-tool.ts';
import type { AppContext } from '../../src/runtime/app-context.ts';
import { mcpSqlSpec } from '../../src/servers/mcp-sql/mcp-sql-spec.ts';
import type { SqlTemplate } from '../../src/servers/mcp-sql/templates/sql-template.ts';
import { bearer } from '../helpers/tenants.ts';
import {
  databaseFingerprint,
  errorOf,
  invoke,
  issuePaths,
  paramsOf,
  sampleArgs,
  startSafetyWorld,
  templates,
  type ParamInfo,
  type SafetyWorld,
} from './safety-fixtures.ts';

/** Values of the wrong type or out of bounds for a parameter; each must be a validation_error naming it. */
function badValuesFor(p: ParamInfo, sample: unknown): unknown[] {
  switch (p.kind) {
    case 'text':
      return [5, true, {}, ['PAY'], 'x'.repeat((p.maxLength ?? 200) + 1)];
    case 'enum':
      return ['x', 5, 'JIRA', '', {}];
    case 'format':
      return ['not-a-date', 5, '2026-02-30', '', '2026-01-01; DROP TABLE canary'];
    case 'uuid':
      return ['not-a-uuid', 5, `${randomUUID()}x`, '00000000-0000-0000-0000-00000000000g'];
    case 'integer':
    case 'number': {
      const min = p.minimum ?? 0;
      const max = p.maximum ?? 0;
      const out = [min - 1, max + 1, 1e9, -1e9, '5', true, [1]];
      if (p.kind === 'integer') out.push(min + 0.5);
      if (min >= 1) out.push(0, -1);
      return out.filter((v) => typeof v !== 'number' || v < min || v > max || !Number.isInteger(v));
    }
    case 'array': {
      const element = Array.isArray(sample) && sample.length > 0 ? sample[0] : 'x';
      return ['x', {}, Array.from({ length: (p.maxItems ?? 50) + 1 }, () => element)];
    }
    case 'boolean':
      return ['true', 1, null];
    case 'other':
      return [];
  }
}

const names = (answerPaths: string[], param: string) =>
  answerPaths.some((path) => path === param || path.startsWith(`${param}.`));

/** Counts every use of the database handle: any call on either Kysely instance or an owner session. */
function countingDb(handle: DatabaseHandle): { db: DatabaseHandle; calls: () => number } {
  let calls = 0;
  const counted = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop) {
        const value: unknown = Reflect.get(obj, prop, obj);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls++;
          return (value as (...a: unknown[]) => unknown).apply(obj, args);
        };
      },
    });
  const db: DatabaseHandle = {
    kind: handle.kind,
    runtime: counted(handle.runtime),
    owner: counted(handle.owner),
    withOwnerSession: (fn) => {
      calls++;
      return handle.withOwnerSession(fn);
    },
    close: () => handle.close(),
  };
  return { db, calls: () => calls };
}

/**
 * Malformed calls (design rules 11, 19): an unknown template is a protocol error over MCP and a typed
 * not_found over REST; wrong types, strings past their bounds, arrays past 50 and numbers out of range are
 * a validation_error naming the parameter, and such a call never reaches the database.
 */
describe('bad input to MCP SQL (design rules 11, 19)', () => {
  let w: SafetyWorld;
  let base: string;
  let client: Client;
  let before: Record<string, unknown>;

  beforeAll(async () => {
    w = await startSafetyWorld();
    base = await w.app.listen({ host: '127.0.0.1', port: 0 });
    client = new Client({ name: 'safety', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: bearer(w.alpha.token) },
      }),
    );
    before = await databaseFingerprint(w.t.ctx.db);
  });
  afterAll(async () => {
    await client.close();
    await w.close();
  });

  const cases = templates().map((t) => [t.name, t] as const);
  const sqlQueryTotal = async (): Promise<number> => {
    const metric = await w.t.ctx.metrics.getSingleMetric('sql_query_total')?.get();
    return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
  };
  const sampleOf = (t: SqlTemplate, param: string) => {
    const samples = sampleArgs(w.alpha)[t.name] ?? [{}];
    return samples.find((s) => param in s) ?? samples[0] ?? {};
  };

  it('lists a tool sql_<name> for every template', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      expect.arrayContaining(templates().map((t) => `sql_${t.name}`)),
    );
  });

  it('answers an unknown template with a protocol error over MCP and a typed not_found over REST', async () => {
    for (const name of [
      'sql_nope',
      'sql_get_work_item; DROP TABLE canary',
      'SQL_GET_WORK_ITEM',
      'sql_',
      '',
    ]) {
      const error = await client.callTool({ name, arguments: {} }).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(-32602);
    }
    for (const name of [
      'sql_nope',
      'sql_get_work_item; DROP TABLE canary',
      'SQL_GET_WORK_ITEM',
      'pg_sleep',
    ]) {
      const answer = await invoke(w, w.alpha, name, {});
      expect(answer.status, name).toBe(404);
      expect(errorOf(answer)).toMatchObject({ code: 'not_found', request_id: expect.any(String) });
    }
    expect(errorOf(await invoke(w, w.alpha, '', {}))?.code).toBe('validation_error');
  });

  it.each(cases)(
    '%s: wrong types and out-of-bounds values are a validation_error naming the parameter',
    async (_, template) => {
      const statementsBefore = await sqlQueryTotal();
      for (const p of paramsOf(template)) {
        const sample = sampleOf(template, p.name);
        for (const value of badValuesFor(p, sample[p.name])) {
          const answer = await invoke(w, w.alpha, `sql_${template.name}`, { ...sample, [p.name]: value });
          const label = `${p.name}=${JSON.stringify(value).slice(0, 60)}`;
          expect(answer.status, label).toBe(400);
          expect(errorOf(answer)?.code, label).toBe('validation_error');
          expect(names(issuePaths(answer), p.name), `${label}: ${JSON.stringify(answer.body)}`).toBe(true);
        }
      }
      // No template statement ran (sql_query_total counts every one, whatever its outcome).
      expect(await sqlQueryTotal()).toBe(statementsBefore);
    },
  );

  it.each(cases)('%s: unknown keys and a missing required parameter are refused', async (_, template) => {
    const sample = sampleArgs(w.alpha)[template.name]?.[0] ?? {};
    for (const extra of ['sql', 'order_by', 'tenantId', 'tenant']) {
      const answer = await invoke(w, w.alpha, `sql_${template.name}`, {
        ...sample,
        [extra]: w.bravo.tenantId,
      });
      expect(errorOf(answer)?.code, extra).toBe('validation_error');
      expect(errorOf(answer)?.message, extra).toContain(extra);
    }
    for (const p of paramsOf(template).filter((q) => q.required)) {
      const { [p.name]: _dropped, ...rest } = sample;
      const answer = await invoke(w, w.alpha, `sql_${template.name}`, rest);
      expect(errorOf(answer)?.code, p.name).toBe('validation_error');
      expect(issuePaths(answer), p.name).toContain(p.name);
    }
  });

  it.each(cases)(
    '%s: a tenant_id argument naming another tenant is refused (rule 5)',
    async (_, template) => {
      const sample = sampleArgs(w.alpha)[template.name]?.[0] ?? {};
      const name = `sql_${template.name}`;
      const other = await invoke(w, w.alpha, name, { ...sample, tenant_id: w.bravo.tenantId });
      expect(other.status).toBe(403);
      expect(errorOf(other)?.code).toBe('forbidden');
      expect(JSON.stringify(other.body)).not.toContain(w.bravo.spec.marker);
      const malformed = await invoke(w, w.alpha, name, { ...sample, tenant_id: "' OR 1=1 --" });
      expect(issuePaths(malformed)).toContain('tenant_id');
      // The caller's own tenant id changes nothing.
      const own = await invoke(w, w.alpha, name, { ...sample, tenant_id: w.alpha.tenantId });
      expect(own.body).toEqual((await invoke(w, w.alpha, name, sample)).body);
    },
  );

  it.each(cases)('%s: bad arguments over MCP come back as a typed tool error', async (_, template) => {
    const sample = sampleArgs(w.alpha)[template.name]?.[0] ?? {};
    const result = await client.callTool({
      name: `sql_${template.name}`,
      arguments: { ...sample, sql: 'select 1' },
    });
    expect(result.isError).toBe(true);
    const text = (result.content as Array<{ text: string }>)[0]?.text ?? '{}';
    expect(JSON.parse(text)).toMatchObject({
      error: { code: 'validation_error', request_id: expect.any(String) },
    });
  });

  it.each(cases)('%s: a refused call never reaches the database', async (_, template) => {
    const counting = countingDb(w.t.ctx.db);
    const ctx: AppContext = { ...w.t.ctx, db: counting.db };
    const tool = mcpSqlSpec(ctx).tools.find((t) => t.name === `sql_${template.name}`)!;
    const call = {
      auth: { tenantId: w.alpha.tenantId, tokenId: randomUUID(), userId: null, scopes: ['read' as const] },
      requestId: 'safety',
      logger: w.t.ctx.logger,
    };
    const metrics = mcpMetrics(new Registry());
    const start = counting.calls();
    for (const p of paramsOf(template)) {
      for (const value of badValuesFor(p, sampleOf(template, p.name)[p.name])) {
        const outcome = await runTool(
          tool,
          { ...sampleOf(template, p.name), [p.name]: value },
          call,
          metrics,
        );
        expect(outcome.ok).toBe(false);
      }
    }
    const huge = await runTool(
      tool,
      { ...sampleArgs(w.alpha)[template.name]?.[0], extra: 'x'.repeat(1_000_000) },
      call,
      metrics,
    );
    expect(huge.ok).toBe(false);
    expect(counting.calls() - start).toBe(0);
    // The counter works: a valid call does reach the database.
    const valid = await runTool(tool, sampleArgs(w.alpha)[template.name]?.[0] ?? {}, call, metrics);
    expect(valid.ok, JSON.stringify(valid)).toBe(true);
    expect(counting.calls() - start).toBeGreaterThan(0);
  });

  it('counts template statements in sql_query_total (so the checks above can rely on it)', async () => {
    const before = await sqlQueryTotal();
    await invoke(w, w.alpha, 'sql_cross_source_summary', {});
    expect(await sqlQueryTotal()).toBe(before + 1);
  });

  it('leaves the database as it was', async () => {
    expect(await databaseFingerprint(w.t.ctx.db)).toEqual(before);
  });
});

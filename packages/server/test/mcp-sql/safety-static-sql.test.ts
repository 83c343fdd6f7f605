import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOOL_NAME } from '../../src/mcp/tool-definition.ts';
import { TEMPLATE_LIMITS, type SqlTemplate } from '../../src/servers/mcp-sql/templates/sql-template.ts';
import {
  ALPHA_KEYS,
  HOSTILE_FRAGMENTS,
  HOSTILE_STRINGS,
  paramsOf,
  sampleArgs,
  templates,
  type SeededTenant,
} from './safety-fixtures.ts';

const TENANT = '5f0c6a52-3a4e-4d7b-9a57-1f2e3d4c5b6a';
const fakeTenant: SeededTenant = {
  tenantId: TENANT,
  spec: { items: 0, keys: ALPHA_KEYS, marker: 'm' },
  instances: {
    jira: '0b7e0a3c-56a4-4f8e-8d0e-5b1f9f3a7c01',
    github: '0b7e0a3c-56a4-4f8e-8d0e-5b1f9f3a7c02',
    asana: '0b7e0a3c-56a4-4f8e-8d0e-5b1f9f3a7c03',
    linear: '0b7e0a3c-56a4-4f8e-8d0e-5b1f9f3a7c04',
  },
  secondJiraInstance: undefined,
};

/** Arguments that set `param` to `value` on top of a valid sample (one that has the parameter, if any). */
function argsWith(template: SqlTemplate, param: string, value: unknown): Record<string, unknown> {
  const samples = sampleArgs(fakeTenant)[template.name] ?? [{}];
  const base = samples.find((s) => param in s) ?? samples[0] ?? {};
  return { ...base, [param]: value };
}

function benignValue(template: SqlTemplate, param: string): unknown {
  const samples = sampleArgs(fakeTenant)[template.name] ?? [];
  return samples.find((s) => param in s)?.[param] ?? 'PAY';
}

const hostileString = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.constantFrom(...HOSTILE_STRINGS),
    fc
      .array(fc.constantFrom(...HOSTILE_FRAGMENTS), { maxLength: 12 })
      .map((parts) => parts.join('').slice(0, maxLength)),
  );

/**
 * What every template must be before it touches a database (design rules 9-11): its text is fixed code,
 * client values only travel as bound parameters, `$1` is the tenant, and its schemas are strict and bounded.
 */
describe.each(templates().map((t) => [t.name, t] as const))(
  'template %s (design rules 9-11)',
  (_, template) => {
    const params = paramsOf(template);

    it('is a well-formed tool within the hard ceilings', () => {
      expect(template.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(`sql_${template.name}`).toMatch(TOOL_NAME);
      expect(template.description.length).toBeGreaterThan(60);
      expect(template.timeoutMs).toBeGreaterThan(0);
      expect(template.timeoutMs).toBeLessThanOrEqual(TEMPLATE_LIMITS.maxTimeoutMs);
      expect(template.maxRows).toBeGreaterThan(0);
      expect(template.maxRows).toBeLessThanOrEqual(TEMPLATE_LIMITS.maxRows);
    });

    it('bounds every parameter: strings and arrays have a maximum, numbers a range', () => {
      const unbounded = params.filter(
        (p) =>
          (p.kind === 'text' && (p.maxLength === undefined || p.maxLength > 10_000)) ||
          (p.kind === 'array' && (p.maxItems === undefined || p.maxItems > 50)) ||
          ((p.kind === 'integer' || p.kind === 'number') &&
            (p.minimum === undefined || p.maximum === undefined)) ||
          p.kind === 'other',
      );
      expect(unbounded.map((p) => p.name)).toEqual([]);
    });

    it('refuses unknown keys, the tenant among them', () => {
      for (const extra of ['tenant_id', 'tenantId', 'sql', 'order_by', '__proto__x']) {
        const result = template.params.safeParse({
          ...(sampleArgs(fakeTenant)[template.name]?.[0] ?? {}),
          [extra]: TENANT,
        });
        expect(result.success, extra).toBe(false);
        expect(JSON.stringify(result.error?.issues)).toContain(extra);
      }
    });

    it('refuses NUL bytes in every free string', () => {
      for (const p of params.filter((q) => q.kind === 'text')) {
        const result = template.params.safeParse(argsWith(template, p.name, 'PAY\u00001'));
        expect(result.success, p.name).toBe(false);
        expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(p.name);
      }
    });

    it('compiles every sample with $1 bound to the tenant and filtered explicitly (rule 7)', () => {
      for (const args of sampleArgs(fakeTenant)[template.name] ?? []) {
        const compiled = template.compile(TENANT, template.params.parse(args), template.maxRows + 1);
        expect(compiled.parameters[0]).toBe(TENANT);
        expect(compiled.sql).toMatch(/\btenant_id\s*=\s*\$1\b/);
        expect(compiled.sql).not.toContain(TENANT);
        // One statement: no statement separator outside of string literals and comments.
        expect(compiled.sql.replace(/'[^']*'/g, "''").replace(/--[^\n]*/g, '')).not.toMatch(/;\s*\S/);
      }
    });

    it('keeps client strings out of the SQL text: hostile values change parameters only', () => {
      for (const p of params.filter((q) => q.kind === 'text')) {
        const baseline = template.compile(
          TENANT,
          template.params.parse(argsWith(template, p.name, benignValue(template, p.name))),
          template.maxRows + 1,
        ).sql;
        fc.assert(
          fc.property(hostileString(p.maxLength ?? 200), (value) => {
            const parsed = template.params.safeParse(argsWith(template, p.name, value));
            if (!parsed.success) {
              expect(parsed.error.issues.map((i) => i.path.join('.'))).toContain(p.name);
              return;
            }
            const compiled = template.compile(TENANT, parsed.data, template.maxRows + 1);
            expect(compiled.sql).toBe(baseline);
            expect(compiled.parameters[0]).toBe(TENANT);
          }),
          { numRuns: 150 },
        );
      }
    });
  },
);

import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlTemplate } from '../../src/servers/mcp-sql/templates/sql-template.ts';
import {
  BRAVO_KEYS,
  HOSTILE_FRAGMENTS,
  HOSTILE_STRINGS,
  databaseFingerprint,
  errorOf,
  invoke,
  issuePaths,
  itemKey,
  leaksOf,
  paramsOf,
  sampleArgs,
  startSafetyWorld,
  templates,
  type InvokeAnswer,
  withoutEcho,
  type SafetyWorld,
} from './safety-fixtures.ts';

/** Parameters matched by similarity rather than equality (pg_trgm). */
const FUZZY_TEXT_PARAMS = new Set(['search_issues_by_text.query']);

/**
 * Hostile input in every string parameter of every template, through the real tool path (REST fallback,
 * auth, runner, RLS) as tenant alpha: the answer is a typed validation_error naming the parameter, or an
 * answer with alpha's rows only; and the database, canaries included, is exactly as it was.
 */
describe('hostile input to every template (design rules 5, 9-12)', () => {
  let w: SafetyWorld;
  let before: Record<string, unknown>;

  beforeAll(async () => {
    w = await startSafetyWorld();
    before = await databaseFingerprint(w.t.ctx.db);
  });
  afterAll(() => w.close());

  const cases = templates().map((t) => [t.name, t] as const);
  const textParams = (t: SqlTemplate) => paramsOf(t).filter((p) => p.kind === 'text');
  const closedParams = (t: SqlTemplate) => paramsOf(t).filter((p) => p.kind === 'enum' || p.kind === 'uuid');

  function argsWith(template: SqlTemplate, param: string, value: unknown): Record<string, unknown> {
    const samples = sampleArgs(w.alpha)[template.name] ?? [{}];
    return { ...(samples.find((s) => param in s) ?? samples[0]), [param]: value };
  }

  /** Refused naming the parameter, not found, or answered with alpha's data only. */
  function expectSafe(answer: InvokeAnswer, param: string, args: Record<string, unknown>): void {
    const label = `${param}=${JSON.stringify(args[param]).slice(0, 80)}`;
    if (answer.status === 200) {
      expect(answer.body.truncated, label).toEqual(expect.any(Boolean));
      expect(leaksOf(answer, w.bravo, args), label).toEqual([]);
      return;
    }
    const error = errorOf(answer);
    expect(['validation_error', 'not_found'], `${label}: ${JSON.stringify(answer.body)}`).toContain(
      error?.code,
    );
    if (error?.code === 'validation_error') expect(issuePaths(answer), label).toContain(param);
  }

  /** An answer with the echo of `value` and the request id blanked, to compare two answers. */
  const normalized = (answer: InvokeAnswer, value: string) => ({
    status: answer.status,
    body: withoutEcho(answer.body, [value]),
  });

  it.each(cases)('%s: every fixed hostile string in every string parameter', async (_, template) => {
    for (const p of textParams(template)) {
      for (const value of HOSTILE_STRINGS) {
        const args = argsWith(template, p.name, value);
        expectSafe(await invoke(w, w.alpha, `sql_${template.name}`, args), p.name, args);
      }
    }
    expect(await databaseFingerprint(w.t.ctx.db)).toEqual(before);
  });

  it.each(cases)('%s: property-based hostile strings in every string parameter', async (_, template) => {
    for (const p of textParams(template)) {
      const value = fc.oneof(
        fc.string({ unit: 'binary', maxLength: (p.maxLength ?? 200) + 20 }),
        fc
          .array(fc.constantFrom(...HOSTILE_FRAGMENTS), { minLength: 1, maxLength: 16 })
          .map((a) => a.join('')),
      );
      await fc.assert(
        fc.asyncProperty(value, async (v) => {
          const args = argsWith(template, p.name, v);
          expectSafe(await invoke(w, w.alpha, `sql_${template.name}`, args), p.name, args);
        }),
        { numRuns: 40 },
      );
    }
    expect(await databaseFingerprint(w.t.ctx.db)).toEqual(before);
  });

  it.each(cases)(
    '%s: enum and uuid parameters refuse hostile strings, naming the parameter',
    async (_, template) => {
      for (const p of closedParams(template)) {
        for (const value of HOSTILE_STRINGS.slice(0, 16)) {
          const answer = await invoke(w, w.alpha, `sql_${template.name}`, argsWith(template, p.name, value));
          expect(errorOf(answer)?.code, `${p.name}=${value}`).toBe('validation_error');
          expect(issuePaths(answer)).toContain(p.name);
        }
      }
      expect(await databaseFingerprint(w.t.ctx.db)).toEqual(before);
    },
  );

  it.each(cases)('%s: LIKE metacharacters are matched literally', async (_, template) => {
    for (const p of textParams(template)) {
      for (const value of ['%', '_', '%%', '%_%', '_%_']) {
        const answer = await invoke(w, w.alpha, `sql_${template.name}`, argsWith(template, p.name, value));
        if (errorOf(answer)?.code === 'validation_error') continue;
        // The data holds no % or _: the answer is the one for a value of the same length that matches nothing.
        const nothing = 'z'.repeat(value.length);
        const none = await invoke(w, w.alpha, `sql_${template.name}`, argsWith(template, p.name, nothing));
        expect(normalized(answer, value), `${p.name}=${value}`).toEqual(normalized(none, nothing));
      }
    }
  });

  it.each(cases)(
    '%s: another tenant’s ids and keys answer exactly like nonexistent ones',
    async (_, template) => {
      const bravoValues = {
        uuid: [...Object.values(w.bravo.instances), w.bravo.tenantId],
        text: [
          BRAVO_KEYS.linear,
          BRAVO_KEYS.github,
          BRAVO_KEYS.asana,
          itemKey(BRAVO_KEYS, 'linear', 1),
          itemKey(BRAVO_KEYS, 'github', 2),
          itemKey(BRAVO_KEYS, 'asana', 3),
          w.bravo.spec.marker,
        ],
      };
      for (const p of paramsOf(template)) {
        if (p.kind !== 'uuid' && p.kind !== 'text') continue;
        for (const value of bravoValues[p.kind]) {
          const missing = p.kind === 'uuid' ? randomUUID() : `zz${value.length}`;
          const args = argsWith(template, p.name, value);
          const theirs = await invoke(w, w.alpha, `sql_${template.name}`, args);
          expect(leaksOf(theirs, w.bravo, args), `${p.name}=${value}`).toEqual([]);
          // Fuzzy text matches the caller's own items for almost any string: no twin answer to compare with.
          if (FUZZY_TEXT_PARAMS.has(`${template.name}.${p.name}`)) continue;
          const none = await invoke(w, w.alpha, `sql_${template.name}`, argsWith(template, p.name, missing));
          expect(normalized(theirs, value), `${p.name}=${value}`).toEqual(normalized(none, missing));
        }
      }
    },
  );
});

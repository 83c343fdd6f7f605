import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.ts';
import {
  invoke,
  sampleArgs,
  startSafetyWorld,
  templates,
  type SafetyTenant,
  type SafetyWorld,
} from './safety-fixtures.ts';

/**
 * RLS and the explicit filter must agree (design rule 7). Each template runs as the runtime path does
 * (REST fallback, runner, ds_analytics under RLS for the token's tenant) and, with the same compiled SQL,
 * as the owner, whom RLS does not restrict: only the template's own `tenant_id = $1` keeps other tenants
 * out there. Both tenants share the Jira key PAY, so a missing filter shows.
 */
describe.each(databaseKinds())('runtime path and owner agree, per template, on %s', (kind) => {
  let w: SafetyWorld;

  beforeAll(async () => {
    w = await startSafetyWorld(kind);
  });
  afterAll(() => w.close());

  /** The template run as the owner, capped and shaped as the runner does. */
  async function asOwner(tenant: SafetyTenant, name: string, args: Record<string, unknown>) {
    const template = templates().find((t) => t.name === name)!;
    const params = template.params.parse(args);
    const requested = (params as { limit?: unknown }).limit;
    const cap = Math.min(template.maxRows, typeof requested === 'number' ? requested : template.maxRows);
    const compiled = template.compile(tenant.tenantId, params, cap + 1);
    const rows = await w.t.ctx.db.withOwnerSession((s) =>
      s.query<Record<string, unknown>>(compiled.sql, [...compiled.parameters]),
    );
    const truncated = rows.length > cap;
    const shaped = template.shape(rows.slice(0, cap), params, { truncated });
    return {
      rows: rows.length,
      body: JSON.parse(JSON.stringify({ ...shaped, truncated })),
    };
  }

  it.each(templates().map((t) => [t.name] as const))('%s', async (name) => {
    let nonEmpty = 0;
    let differs = 0;
    for (const [tenant, other] of [
      [w.alpha, w.bravo],
      [w.bravo, w.alpha],
    ] as const) {
      for (const args of sampleArgs(tenant)[name] ?? []) {
        const runtime = await invoke(w, tenant, `sql_${name}`, args);
        const owner = await asOwner(tenant, name, args);
        expect(runtime.status, JSON.stringify(runtime.body)).toBe(200);
        expect(runtime.body, `${name} ${JSON.stringify(args)}`).toEqual(owner.body);
        if (owner.rows > 0) nonEmpty++;
        // The same arguments as the other tenant (their own ids where the samples name some) answer differently.
        const theirs = await invoke(w, other, `sql_${name}`, args);
        if (JSON.stringify(theirs.body) !== JSON.stringify(runtime.body)) differs++;
      }
    }
    expect(nonEmpty, 'samples that returned rows').toBeGreaterThan(0);
    expect(differs, 'samples whose answer depends on the tenant').toBeGreaterThan(0);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../src/db/with-tenant.ts';
import { AppError } from '../../../src/errors/app-error.ts';
import {
  recomputeDailyMetrics,
  type DailyMetricsScope,
} from '../../../src/sync/metrics/recompute-daily-metrics.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../helpers/databases.ts';
import { HAND_SCOPE, handWrittenHistories, otherTenantHistories, randomTenantHistories } from './fixtures.ts';
import type { ItemHistory } from './history.ts';
import { expectedMetricRows, sortRows, type MetricRow } from './oracle.ts';
import { createMetricsTenant, insertHistories, readMetricRows } from './store.ts';

/** Whole rows, floats within 1e-6 h (PostgreSQL and JS round the same exact values differently). */
function approximately(rows: MetricRow[]): unknown[] {
  const close = (value: number | null): unknown => (value === null ? null : expect.closeTo(value, 6));
  return rows.map((row) => ({
    ...row,
    lead_time_p50_hours: close(row.lead_time_p50_hours),
    lead_time_p90_hours: close(row.lead_time_p90_hours),
    lead_time_avg_hours: close(row.lead_time_avg_hours),
  }));
}

function pgCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

describe.each(databaseKinds())('recomputeDailyMetrics on %s', (kind) => {
  let db: TestDatabase;
  let slugs = 0;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.drop());

  const tenantWith = async (items: ItemHistory[]) => {
    const tenant = await createMetricsTenant(db, `metrics-${kind}-${++slugs}`);
    await insertHistories(db, tenant, items);
    return tenant;
  };
  const recompute = (tenantId: string, scope: DailyMetricsScope) =>
    withTenant(db.handle.runtime, tenantId, (trx) => recomputeDailyMetrics(trx, tenantId, scope));
  const rowsOf = (tenantId: string) =>
    withTenant(db.handle.runtime, tenantId, (trx) => readMetricRows(trx, tenantId));
  const insertRow = (tenantId: string, projectKey: string, team: string, date: string) =>
    withTenant(db.handle.runtime, tenantId, (trx) =>
      sql`insert into work_item_metrics_daily (tenant_id, project_key, team, date, created, wip)
          values (${tenantId}, ${projectKey}, ${team}, ${date}, 7, 7)`.execute(trx),
    );
  const sentinel = (project_key: string, team: string, date: string): MetricRow => ({
    project_key,
    team,
    date,
    created: 7,
    closed: 0,
    wip: 7,
    wip_no_assignee: 0,
    stuck: 0,
    reopened: 0,
    lead_time_p50_hours: null,
    lead_time_p90_hours: null,
    lead_time_avg_hours: null,
  });

  it('hand-written histories: every row equals the naive oracle, another tenant’s PAY items never counted', async () => {
    const items = handWrittenHistories();
    const a = await tenantWith(items);
    const b = await tenantWith(otherTenantHistories());

    const result = await recompute(a.tenantId, HAND_SCOPE);

    const expected = expectedMetricRows(items, HAND_SCOPE);
    expect(expected).toHaveLength(3 * 31);
    expect(result).toEqual({ rows: expected.length });
    expect(await rowsOf(a.tenantId)).toEqual(approximately(expected));
    expect(await rowsOf(b.tenantId)).toEqual([]);
  });

  it.each([
    { label: '0', stuckAfterDays: 0 },
    { label: '3', stuckAfterDays: 3 },
    { label: 'default (14)', stuckAfterDays: undefined },
  ])(
    '300 seeded random items, stuckAfterDays $label: every row equals the naive oracle',
    async ({ stuckAfterDays }) => {
      const items = randomTenantHistories(20240301, 300);
      const a = await tenantWith(items);
      await tenantWith(randomTenantHistories(7, 100));
      const scope = {
        projectKeys: ['ALPHA', 'BETA'],
        from: '2024-01-20',
        to: '2024-04-20',
        ...(stuckAfterDays === undefined ? {} : { stuckAfterDays }),
      };

      await recompute(a.tenantId, scope);

      expect(await rowsOf(a.tenantId)).toEqual(approximately(expectedMetricRows(items, scope)));
    },
  );

  it('seeded random items over their whole history (scope before the first item, after the last transition)', async () => {
    const items = randomTenantHistories(99, 200);
    const a = await tenantWith(items);
    const scope = { projectKeys: ['ALPHA', 'BETA', 'GAMMA'], from: '2023-12-20', to: '2024-12-31' };

    await recompute(a.tenantId, scope);

    const expected = expectedMetricRows(items, scope);
    expect(expected.at(-1)?.date).toBe('2024-12-31');
    expect(await rowsOf(a.tenantId)).toEqual(approximately(expected));
  });

  it('is idempotent: a second run yields identical rows', async () => {
    const items = randomTenantHistories(5, 150);
    const a = await tenantWith(items);
    const scope = { projectKeys: ['ALPHA', 'BETA'], from: '2024-02-01', to: '2024-03-15' };

    const first = await recompute(a.tenantId, scope);
    const rowsAfterFirst = await rowsOf(a.tenantId);
    const second = await recompute(a.tenantId, scope);

    expect(second).toEqual(first);
    expect(await rowsOf(a.tenantId)).toEqual(rowsAfterFirst);
    expect(rowsAfterFirst).toEqual(approximately(expectedMetricRows(items, scope)));
  });

  it('queues concurrent runs of one tenant: both succeed, the rows are those of one run', async () => {
    const items = randomTenantHistories(3, 150);
    const a = await tenantWith(items);
    const scope = { projectKeys: ['ALPHA', 'BETA'], from: '2024-01-15', to: '2024-04-15' };

    const [first, second] = await Promise.all([recompute(a.tenantId, scope), recompute(a.tenantId, scope)]);

    expect(second).toEqual(first);
    expect(await rowsOf(a.tenantId)).toEqual(approximately(expectedMetricRows(items, scope)));
  });

  it('replaces only the scoped projects’ rows in [from, to]: other projects, days and tenants untouched', async () => {
    const items = handWrittenHistories();
    const a = await tenantWith(items);
    const b = await tenantWith(otherTenantHistories());
    await insertRow(a.tenantId, 'PAY', '', '2024-02-29');
    await insertRow(a.tenantId, 'PAY', '', '2024-04-01');
    await insertRow(a.tenantId, 'PAY', 'gone', '2024-03-10');
    await insertRow(a.tenantId, 'OLD', '', '2024-03-05');
    await insertRow(a.tenantId, 'OPS', '', '2024-03-05');
    await insertRow(b.tenantId, 'PAY', '', '2024-03-05');

    await recompute(a.tenantId, HAND_SCOPE);

    const kept = [
      sentinel('OPS', '', '2024-03-05'),
      sentinel('PAY', '', '2024-02-29'),
      sentinel('PAY', '', '2024-04-01'),
    ];
    const expected = expectedMetricRows(items, HAND_SCOPE);
    expect(await rowsOf(a.tenantId)).toEqual(approximately(sortRows([...kept, ...expected])));
    expect(await rowsOf(b.tenantId)).toEqual([sentinel('PAY', '', '2024-03-05')]);
  });

  it('a one-day scope writes that day only, equal to the same day of a longer scope', async () => {
    const items = randomTenantHistories(11, 150);
    const a = await tenantWith(items);
    const day = { projectKeys: ['ALPHA'], from: '2024-03-10', to: '2024-03-10' };

    const result = await recompute(a.tenantId, day);

    const month = expectedMetricRows(items, { ...day, from: '2024-03-01', to: '2024-03-31' });
    const expected = month.filter((r) => r.date === '2024-03-10');
    expect(expected).toHaveLength(3);
    expect(result).toEqual({ rows: 3 });
    expect(await rowsOf(a.tenantId)).toEqual(approximately(expected));
  });

  it('writes nothing for a scope before a project’s first item or without projects', async () => {
    const a = await tenantWith(handWrittenHistories());

    expect(
      await recompute(a.tenantId, { projectKeys: ['PAY'], from: '2024-01-01', to: '2024-02-09' }),
    ).toEqual({
      rows: 0,
    });
    expect(await recompute(a.tenantId, { projectKeys: [], from: '2024-03-01', to: '2024-03-31' })).toEqual({
      rows: 0,
    });
    expect(await rowsOf(a.tenantId)).toEqual([]);
  });

  it('does not depend on the session time zone', async () => {
    const items = randomTenantHistories(21, 150);
    const a = await tenantWith(items);
    const scope = { projectKeys: ['ALPHA', 'BETA'], from: '2024-02-01', to: '2024-04-30', stuckAfterDays: 5 };

    await withTenant(db.handle.runtime, a.tenantId, async (trx) => {
      // 31 March is a DST change there: a day there is not 24 hours.
      await sql`select set_config('TimeZone', 'Europe/Prague', true)`.execute(trx);
      return recomputeDailyMetrics(trx, a.tenantId, scope);
    });

    expect(await rowsOf(a.tenantId)).toEqual(approximately(expectedMetricRows(items, scope)));
  });

  it('raises without tenant context, and when the context is another tenant', async () => {
    const a = await tenantWith(handWrittenHistories());
    const b = await tenantWith(otherTenantHistories());

    const unset = await db.handle.runtime
      .transaction()
      .execute((trx) => recomputeDailyMetrics(trx, a.tenantId, HAND_SCOPE))
      .catch((e: unknown) => e);
    expect(pgCode(unset)).toBe('42501');

    const other = await withTenant(db.handle.runtime, b.tenantId, (trx) =>
      recomputeDailyMetrics(trx, a.tenantId, HAND_SCOPE),
    ).catch((e: unknown) => e);
    expect(other).toMatchObject({ name: 'AppError', code: 'internal' });
    expect(await rowsOf(a.tenantId)).toEqual([]);
  });

  it.each([
    { projectKeys: ['PAY'], from: '2024-03-02', to: '2024-03-01' },
    { projectKeys: ['PAY'], from: '2024-02-30', to: '2024-03-01' },
    { projectKeys: ['PAY'], from: '2024-3-1', to: '2024-03-01' },
    { projectKeys: ['PAY'], from: '2024-03-01', to: '2024-03-02', stuckAfterDays: -1 },
    { projectKeys: ['PAY'], from: '2024-03-01', to: '2024-03-02', stuckAfterDays: 1.5 },
    { projectKeys: [''], from: '2024-03-01', to: '2024-03-02' },
  ])('rejects the invalid scope %j', async (scope) => {
    const a = await tenantWith([]);
    const error = await recompute(a.tenantId, scope).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'validation_error' });
  });
});

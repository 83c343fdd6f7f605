import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors/app-error.ts';
import { getProjectMetrics } from '../../src/servers/mcp-sql/templates/get-project-metrics.ts';
import { leadTimeMetrics } from '../../src/servers/mcp-sql/templates/lead-time-metrics.ts';
import { expectClose, mean, round2, shiftDay } from './expected.ts';
import { startSyncedData, type SyncedData } from './synced-data.ts';
import { ownerRows } from './template-fixtures.ts';

interface MetricRow {
  project_key: string;
  team: string;
  date: string;
  created: number;
  closed: number;
  wip: number;
  wip_no_assignee: number;
  stuck: number;
  reopened: number;
  lead_time_p50_hours: number | null;
  lead_time_p90_hours: number | null;
  lead_time_avg_hours: number | null;
}

const r2 = (n: number | null): number | null => (n === null ? null : round2(n));
const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

/** Both metrics templates against the daily metrics the sync computed, checked against the owner's rows. */
describe('metrics templates on synced data', () => {
  let d: SyncedData;
  let metrics: MetricRow[];

  beforeAll(async () => {
    d = await startSyncedData();
    metrics = await ownerRows<MetricRow>(
      d.h.t.ctx.db,
      `select project_key, team, date::text as date, created, closed, wip, wip_no_assignee, stuck, reopened,
         lead_time_p50_hours, lead_time_p90_hours, lead_time_avg_hours
       from work_item_metrics_daily where tenant_id = $1`,
      [d.acme],
    );
  });
  afterAll(() => d.close());

  const rowsOf = (project: string | undefined, team: string, from: string, to: string): MetricRow[] =>
    metrics
      .filter((m) => (project === undefined || m.project_key === project) && m.team === team)
      .filter((m) => m.date >= from && m.date <= to);

  function expectedProjectMetrics(project: string, team: string, days: number, end: string) {
    const period = (from: string, to: string) => {
      const rows = rowsOf(project, team, from, to);
      const closing = rows.filter((r) => r.closed > 0 && r.lead_time_avg_hours !== null);
      const closed = sum(closing.map((r) => r.closed));
      return {
        from,
        to,
        days_with_data: rows.length,
        created_per_day: r2(mean(rows.map((r) => r.created))),
        closed_per_day: r2(mean(rows.map((r) => r.closed))),
        reopened_per_day: r2(mean(rows.map((r) => r.reopened))),
        wip: r2(mean(rows.map((r) => r.wip))),
        wip_no_assignee: r2(mean(rows.map((r) => r.wip_no_assignee))),
        stuck: r2(mean(rows.map((r) => r.stuck))),
        lead_time_avg_hours:
          closed === 0 ? null : r2(sum(closing.map((r) => (r.lead_time_avg_hours ?? 0) * r.closed)) / closed),
      };
    };
    const last = period(shiftDay(end, -27), end);
    const previous = period(shiftDay(end, -55), shiftDay(end, -28));
    const { from: _f, to: _t, days_with_data: _d, ...lastValues } = last;
    return {
      project,
      team: team === '' ? null : team,
      from: shiftDay(end, -(days - 1)),
      to: end,
      days: rowsOf(project, team, shiftDay(end, -(days - 1)), end)
        .sort((a, b) => (a.date < b.date ? -1 : 1))
        .map((r) => ({
          date: r.date,
          created: r.created,
          closed: r.closed,
          wip: r.wip,
          wip_no_assignee: r.wip_no_assignee,
          stuck: r.stuck,
          reopened: r.reopened,
          lead_time_p50_hours: r2(r.lead_time_p50_hours),
          lead_time_p90_hours: r2(r.lead_time_p90_hours),
          lead_time_avg_hours: r2(r.lead_time_avg_hours),
        })),
      last_4_weeks: last,
      previous_4_weeks: previous,
      change: Object.fromEntries(
        Object.entries(lastValues).map(([k, a]) => {
          const b = previous[k as keyof typeof previous] as number | null;
          return [k, a === null || b === null ? null : round2(a - b)];
        }),
      ),
      truncated: false,
    };
  }

  function expectedLeadTime(project: string | undefined, team: string, days: number, end: string) {
    const rows = rowsOf(project, team, shiftDay(end, -(days - 1)), end);
    const dates = [...new Set(rows.map((r) => r.date))].sort();
    const weighted = (day: MetricRow[], pick: (r: MetricRow) => number | null): number | null => {
      const known = day.filter((r) => pick(r) !== null);
      const closed = sum(known.map((r) => r.closed));
      return closed === 0 ? null : r2(sum(known.map((r) => (pick(r) ?? 0) * r.closed)) / closed);
    };
    const daily = dates.map((date) => {
      const day = rows.filter((r) => r.date === date);
      return {
        date,
        throughput: sum(day.map((r) => r.closed)),
        lead_time_p50_hours: weighted(day, (r) => r.lead_time_p50_hours),
        lead_time_p90_hours: weighted(day, (r) => r.lead_time_p90_hours),
        lead_time_avg_hours: weighted(day, (r) => r.lead_time_avg_hours),
      };
    });
    const throughput = sum(daily.map((x) => x.throughput));
    return {
      project: project ?? null,
      team: team === '' ? null : team,
      from: shiftDay(end, -(days - 1)),
      to: end,
      percentiles: project === undefined ? 'closed_weighted_mean' : 'exact',
      days: daily,
      total: {
        throughput,
        lead_time_avg_hours:
          throughput === 0
            ? null
            : r2(sum(rows.map((r) => (r.lead_time_avg_hours ?? 0) * r.closed)) / throughput),
      },
      truncated: false,
    };
  }

  async function notFound(run: () => Promise<unknown>, key: string): Promise<unknown> {
    try {
      await run();
    } catch (error) {
      if (!isAppError(error)) throw error;
      return { code: error.code, message: error.message.replace(key, '<key>') };
    }
    throw new Error('answered');
  }

  describe('get_project_metrics', () => {
    it('answers daily rows, 4-week averages and their change as computed from the owner rows', async () => {
      const cases = [
        { project: 'PAY', days: 60, end_date: '2026-06-15' },
        { project: 'OPS', days: 90, end_date: '2026-06-01' },
        { project: 'spiral-labs/api-gateway', days: 30, end_date: '2026-06-15' },
        { project: '1208000000300001', days: 10, end_date: '2026-06-15' },
        { project: 'DES', team: 'Design', days: 45, end_date: '2026-06-15' },
        { project: 'EDGE', days: 100, end_date: '2026-06-15' },
        { project: 'EDGE', team: 'Core', days: 1, end_date: '2026-05-31' },
        { project: 'EDGE', days: 365, end_date: '2026-12-31' },
      ];
      for (const c of cases) {
        const answer = await d.run(getProjectMetrics, c);
        expectClose(answer, expectedProjectMetrics(c.project, c.team ?? '', c.days, c.end_date));
      }
      const pay = await d.run(getProjectMetrics, { project: 'PAY', days: 60, end_date: '2026-06-15' });
      expect(pay.days).toHaveLength(60);
      expect(pay.last_4_weeks).toMatchObject({ from: '2026-05-19', to: '2026-06-15', days_with_data: 28 });
      expect(pay.previous_4_weeks).toMatchObject({
        from: '2026-04-21',
        to: '2026-05-18',
        days_with_data: 28,
      });
      expect(pay.days.some((x) => x.wip > 0) && pay.days.some((x) => x.closed > 0)).toBe(true);
      const edge = await d.run(getProjectMetrics, { project: 'EDGE', days: 100, end_date: '2026-06-15' });
      expect(edge.last_4_weeks.days_with_data).toBe(25);
      expect(edge.days.map((x) => x.date)).not.toContain('2026-05-21');
      expect(edge.days.some((x) => x.lead_time_avg_hours === null)).toBe(true);
    });

    it('ends at today (UTC) by default', async () => {
      const today = new Date().toISOString().slice(0, 10);
      expectClose(
        await d.run(getProjectMetrics, { project: 'PAY', days: 7 }),
        expectedProjectMetrics('PAY', '', 7, today),
      );
    });

    it('answers another tenant’s project exactly like one that does not exist', async () => {
      const missing = await notFound(() => d.run(getProjectMetrics, { project: 'NOPE' }), 'NOPE');
      expect(missing).toEqual({ code: 'not_found', message: "no project '<key>'" });
      expect(await notFound(() => d.run(getProjectMetrics, { project: 'GLX' }), 'GLX')).toEqual(missing);
    });
  });

  describe('lead_time_metrics', () => {
    it('answers one project exactly and every project as closed-weighted means, from the owner rows', async () => {
      const cases = [
        { project: 'PAY', days: 120, end_date: '2026-06-15' },
        { project: 'ENG', team: 'Engineering', days: 90, end_date: '2026-06-15' },
        { days: 120, end_date: '2026-06-15' },
        { team: 'Design', days: 60, end_date: '2026-06-15' },
        { project: 'EDGE', team: 'Core', days: 365, end_date: '2026-06-15' },
        { days: 1, end_date: '2026-06-14' },
      ];
      for (const c of cases) {
        const answer = await d.run(leadTimeMetrics, c);
        expectClose(answer, expectedLeadTime(c.project, c.team ?? '', c.days, c.end_date));
      }
      const all = await d.run(leadTimeMetrics, { days: 120, end_date: '2026-06-15' });
      expect(all.total.throughput).toBeGreaterThan(20);
      expect(all.days.filter((x) => x.lead_time_p90_hours !== null).length).toBeGreaterThan(10);
      // The other tenant's 9000s never mix in.
      expect(all.days.every((x) => x.throughput < 9000)).toBe(true);
    });

    it('answers another tenant’s project exactly like one that does not exist', async () => {
      const missing = await notFound(() => d.run(leadTimeMetrics, { project: 'NOPE' }), 'NOPE');
      expect(missing).toEqual({ code: 'not_found', message: "no project '<key>'" });
      expect(await notFound(() => d.run(leadTimeMetrics, { project: 'GLX' }), 'GLX')).toEqual(missing);
    });
  });

  it('answers a deleted project exactly like one that does not exist', async () => {
    await d.h.t.ctx.db.withOwnerSession((s) =>
      s.query(
        `insert into projects (tenant_id, instance_id, source_id, key, name, is_deleted)
         values ($1, $2, 'gone', 'GONE', 'GONE', true)`,
        [d.acme, d.edgeInstance],
      ),
    );
    const missing = await notFound(() => d.run(getProjectMetrics, { project: 'NOPE' }), 'NOPE');
    expect(await notFound(() => d.run(getProjectMetrics, { project: 'GONE' }), 'GONE')).toEqual(missing);
    expect(await notFound(() => d.run(leadTimeMetrics, { project: 'GONE' }), 'GONE')).toEqual(missing);
  });
});

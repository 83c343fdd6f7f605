import { describe, expect, it } from 'vitest';
import { HAND_SCOPE, handWrittenHistories } from './fixtures.ts';
import { expectedMetricRows, percentileCont, type MetricRow } from './oracle.ts';

/** The oracle itself, checked against values worked out by hand from the definitions. */
describe('metrics oracle', () => {
  const rows = expectedMetricRows(handWrittenHistories(), HAND_SCOPE);
  const row = (team: string, date: string): MetricRow | undefined =>
    rows.find((r) => r.project_key === 'PAY' && r.team === team && r.date === date);
  const counts = (r: MetricRow | undefined) =>
    r && [r.created, r.closed, r.wip, r.wip_no_assignee, r.stuck, r.reopened];
  const leads = (r: MetricRow | undefined) =>
    r && [r.lead_time_p50_hours, r.lead_time_p90_hours, r.lead_time_avg_hours];

  it('has one row per day of March for PAY’s all-items row and its two teams, none for OLD', () => {
    expect(rows).toHaveLength(93);
    expect([...new Set(rows.map((r) => `${r.project_key}/${r.team}`))]).toEqual([
      'PAY/',
      'PAY/core',
      'PAY/web',
    ]);
    expect(rows[0]?.date).toBe('2024-03-01');
    expect(rows.at(-1)?.date).toBe('2024-03-31');
  });

  it('matches hand-computed days', () => {
    // [created, closed, wip, wip_no_assignee, stuck, reopened]
    expect(counts(row('', '2024-03-04'))).toEqual([0, 0, 4, 1, 1, 1]);
    expect(counts(row('', '2024-03-05'))).toEqual([1, 1, 4, 1, 1, 0]);
    expect(leads(row('', '2024-03-05'))).toEqual([75, 75, 75]);
    expect(counts(row('', '2024-03-11'))).toEqual([1, 3, 4, 2, 1, 0]);
    expect(leads(row('', '2024-03-11'))).toEqual([25, 197, expect.closeTo(274 / 3, 9)]);
    expect(counts(row('core', '2024-03-11'))).toEqual([1, 2, 0, 0, 0, 0]);
    expect(leads(row('core', '2024-03-11'))).toEqual([124.5, expect.closeTo(216.9, 9), 124.5]);
    expect(counts(row('web', '2024-03-08'))).toEqual([0, 0, 2, 2, 1, 0]);
    expect(counts(row('web', '2024-03-09'))).toEqual([0, 1, 1, 1, 1, 0]);
    expect(leads(row('web', '2024-03-09'))).toEqual([72, 72, 72]);
    expect(leads(row('', '2024-03-10'))).toEqual([464, 464, 464]);
    // PAY-4 entered in_progress at 23:59:59.999999 on 5 March: stuck on the 20th, not yet on the 19th.
    expect(counts(row('', '2024-03-19'))).toEqual([0, 0, 6, 3, 1, 1]);
    expect(counts(row('', '2024-03-20'))).toEqual([1, 0, 6, 3, 2, 0]);
    // PAY-19's in_progress dates from before its creation: wip from the 15th, stuck from the 26th.
    expect(counts(row('', '2024-03-14'))).toEqual([0, 0, 5, 3, 1, 0]);
    expect(counts(row('', '2024-03-15'))).toEqual([2, 0, 6, 3, 1, 0]);
    expect(counts(row('', '2024-03-25'))?.[4]).toBe(4);
    expect(counts(row('', '2024-03-26'))?.[4]).toBe(6);
    expect(leads(row('', '2024-03-20'))).toEqual([null, null, null]);
  });

  it('interpolates percentiles like percentile_cont', () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([3], 0.9)).toBe(3);
    expect(percentileCont([40, 10, 20, 30], 0.5)).toBe(25);
    expect(percentileCont([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 9);
  });
});

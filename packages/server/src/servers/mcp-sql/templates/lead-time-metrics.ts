import { z } from 'zod';
import { AppError } from '../../../errors/app-error.ts';
import { boundedInt, identifier, isoDateSchema, projectKeySchema } from './param-schemas.ts';
import { countColumn, dayColumn, decimalColumn, round2 } from './row-values.ts';
import type { SqlTemplate } from './sql-template.ts';

const params = z.strictObject({
  project: projectKeySchema.optional().describe('one project; every project of every source when absent'),
  team: identifier(255).optional().describe("one team's items; all items when absent"),
  days: boundedInt(1, 365, 30),
  end_date: isoDateSchema.optional().describe('last day (UTC), YYYY-MM-DD; today when absent'),
});

const hours = z.number().nullable();

const output = z.object({
  project: z.string().nullable(),
  team: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  percentiles: z
    .enum(['exact', 'closed_weighted_mean'])
    .describe(
      'exact for one project; across projects, the mean of the projects’ daily percentiles weighted by items closed',
    ),
  days: z.array(
    z.object({
      date: z.string(),
      throughput: z.number().int().describe('items closed that day'),
      lead_time_p50_hours: hours,
      lead_time_p90_hours: hours,
      lead_time_avg_hours: hours,
    }),
  ),
  total: z.object({
    throughput: z.number().int(),
    lead_time_avg_hours: hours.describe('mean lead time of every item closed in the period'),
  }),
});

const num = decimalColumn.nullable();
const row = z.object({
  project_exists: z.boolean(),
  first_day: dayColumn,
  last_day: dayColumn,
  date: dayColumn.nullable(),
  throughput: countColumn.nullable(),
  lead_time_p50_hours: num,
  lead_time_p90_hours: num,
  lead_time_avg_hours: num,
  lead_hours_sum: z.number().nullable(),
});

/**
 * Daily lead time (creation to close, hours) and throughput from work_item_metrics_daily. With a project,
 * each day is that project's row (primary key); without, the rows of every project for the team (''
 * = all items) come through work_item_metrics_daily_team_date_idx (migration 0003) and are combined per day:
 * throughput and the mean exactly, the percentiles as a closed-weighted mean (flagged in the answer).
 * The date bounds are computed once in `bounds`: `m.date > b.last_day - $4` would put a subtraction (not
 * leakproof) on the column's path and keep the range out of the index condition (rule 8).
 */
export const leadTimeMetrics: SqlTemplate<typeof params, typeof output> = {
  name: 'lead_time_metrics',
  title: 'Lead time and throughput',
  description:
    'Daily lead time (hours from creation to close: p50, p90, average) and throughput (items closed) for ' +
    'one project or across all projects of every source, optionally for one team, over the last `days` days.',
  params,
  output,
  timeoutMs: 10_000,
  maxRows: 366,
  compile(tenantId, p, rowLimit) {
    return {
      sql: `
        with bounds as (
          select d as last_day, d - $4::int as after_day
          from (select coalesce($5::date, (now() at time zone 'UTC')::date) as d) today
        ),
        metric_rows as (
          select m.date, m.closed, m.lead_time_p50_hours, m.lead_time_p90_hours, m.lead_time_avg_hours
          from work_item_metrics_daily m cross join bounds b
          where m.tenant_id = $1::uuid
            and ($2::text is null or m.project_key = $2::text)
            and m.team = $3
            and m.date > b.after_day and m.date <= b.last_day
        ),
        daily as (
          select date, sum(closed)::int as throughput,
            (sum(lead_time_p50_hours * closed) / nullif(sum(closed) filter (where lead_time_p50_hours is not null), 0))::float8
              as lead_time_p50_hours,
            (sum(lead_time_p90_hours * closed) / nullif(sum(closed) filter (where lead_time_p90_hours is not null), 0))::float8
              as lead_time_p90_hours,
            (sum(lead_time_avg_hours * closed) / nullif(sum(closed) filter (where lead_time_avg_hours is not null), 0))::float8
              as lead_time_avg_hours,
            sum(lead_time_avg_hours * closed)::float8 as lead_hours_sum
          from metric_rows
          group by date
        )
        select
          ($2::text is null or exists (
            select 1 from projects pr where pr.tenant_id = $1::uuid and pr.key = $2::text and not pr.is_deleted))
            as project_exists,
          (b.after_day + 1)::text as first_day, b.last_day::text as last_day,
          d.date::text as date, d.throughput, d.lead_time_p50_hours, d.lead_time_p90_hours,
          d.lead_time_avg_hours, d.lead_hours_sum
        from bounds b
        left join daily d on true
        order by d.date
        limit $6`,
      parameters: [tenantId, p.project ?? null, p.team ?? '', p.days, p.end_date ?? null, rowLimit],
    };
  },
  shape(rows, p) {
    const parsed = rows.map((r) => row.parse(r));
    const first = parsed[0];
    if (first === undefined || !first.project_exists) {
      throw new AppError('not_found', `no project '${p.project ?? ''}'`);
    }
    const days = parsed.flatMap((r) =>
      r.date === null
        ? []
        : [
            {
              date: r.date,
              throughput: r.throughput ?? 0,
              lead_time_p50_hours: r.lead_time_p50_hours,
              lead_time_p90_hours: r.lead_time_p90_hours,
              lead_time_avg_hours: r.lead_time_avg_hours,
            },
          ],
    );
    const throughput = days.reduce((total, d) => total + d.throughput, 0);
    const leadHours = parsed.reduce((total, r) => total + (r.lead_hours_sum ?? 0), 0);
    return {
      project: p.project ?? null,
      team: p.team ?? null,
      from: first.first_day,
      to: first.last_day,
      percentiles: p.project === undefined ? 'closed_weighted_mean' : 'exact',
      days,
      total: {
        throughput,
        lead_time_avg_hours: throughput === 0 ? null : round2(leadHours / throughput),
      },
    };
  },
};

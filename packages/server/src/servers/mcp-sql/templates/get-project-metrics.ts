import { z } from 'zod';
import { AppError } from '../../../errors/app-error.ts';
import { boundedInt, identifier, isoDateSchema, projectKeySchema } from './param-schemas.ts';
import { countColumn, dayColumn, decimalColumn, round2 } from './row-values.ts';
import type { SqlTemplate } from './sql-template.ts';

const params = z.strictObject({
  project: projectKeySchema,
  team: identifier(255).optional().describe("one team's rows of the project; all items when absent"),
  days: boundedInt(1, 365, 30).describe('how many days of daily rows, ending at end_date'),
  end_date: isoDateSchema.optional().describe('last day (UTC), YYYY-MM-DD; today when absent'),
});

const hours = z.number().nullable();

const dailySchema = z.object({
  date: z.string(),
  created: z.number().int(),
  closed: z.number().int(),
  wip: z.number().int().describe('in progress at the end of the day'),
  wip_no_assignee: z.number().int(),
  stuck: z.number().int().describe('in progress for more than 14 days at the end of the day'),
  reopened: z.number().int(),
  lead_time_p50_hours: hours,
  lead_time_p90_hours: hours,
  lead_time_avg_hours: hours,
});

const periodFields = {
  created_per_day: z.number().nullable(),
  closed_per_day: z.number().nullable(),
  reopened_per_day: z.number().nullable(),
  wip: z.number().nullable().describe('average of the daily values'),
  wip_no_assignee: z.number().nullable(),
  stuck: z.number().nullable(),
  lead_time_avg_hours: hours.describe('mean lead time of the items closed in the period'),
};
const PERIOD_KEYS = Object.keys(periodFields) as Array<keyof typeof periodFields>;

const periodSchema = z.object({
  from: z.string(),
  to: z.string(),
  days_with_data: z.number().int(),
  ...periodFields,
});

const output = z.object({
  project: z.string(),
  team: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  days: z.array(dailySchema),
  last_4_weeks: periodSchema,
  previous_4_weeks: periodSchema,
  change: z.object(periodFields).describe('last_4_weeks minus previous_4_weeks'),
});

const num = decimalColumn.nullable();
const periodRow = z.object({
  days: countColumn,
  created_per_day: num,
  closed_per_day: num,
  reopened_per_day: num,
  wip: num,
  wip_no_assignee: num,
  stuck: num,
  lead_time_avg_hours: num,
});
const row = z.object({
  project_exists: z.boolean(),
  first_day: dayColumn,
  last_day: dayColumn,
  // Only on the first row (the others carry null): 365 copies would cost more to send and parse than the query.
  last_period: periodRow.nullable(),
  prev_period: periodRow.nullable(),
  date: dayColumn.nullable(),
  created: countColumn.nullable(),
  closed: countColumn.nullable(),
  wip: countColumn.nullable(),
  wip_no_assignee: countColumn.nullable(),
  stuck: countColumn.nullable(),
  reopened: countColumn.nullable(),
  lead_time_p50_hours: num,
  lead_time_p90_hours: num,
  lead_time_avg_hours: num,
});

/** Per-day averages of a period; lead time weighted by the items closed each day (the exact period mean). */
const periodObject = (when: string): string => `json_build_object(
    'days', count(*) filter (where ${when}),
    'created_per_day', avg(created) filter (where ${when})::float8,
    'closed_per_day', avg(closed) filter (where ${when})::float8,
    'reopened_per_day', avg(reopened) filter (where ${when})::float8,
    'wip', avg(wip) filter (where ${when})::float8,
    'wip_no_assignee', avg(wip_no_assignee) filter (where ${when})::float8,
    'stuck', avg(stuck) filter (where ${when})::float8,
    'lead_time_avg_hours', (sum(lead_time_avg_hours * closed) filter (where ${when} and closed > 0)
      / nullif(sum(closed) filter (where ${when} and closed > 0 and lead_time_avg_hours is not null), 0))::float8
  )`;

/**
 * A project's daily flow metrics (work_item_metrics_daily, team '' = all items) for `days` days, and the
 * 4-week comparison: the 28 days ending at end_date against the 28 before. One statement: the period
 * aggregates are one row, left-joined to the daily rows so a project without rows still answers. The date
 * bounds are computed once in `bounds`, so the range on m.date is a leakproof index condition (rule 8).
 */
export const getProjectMetrics: SqlTemplate<typeof params, typeof output> = {
  name: 'get_project_metrics',
  title: 'Project flow metrics',
  description:
    'Daily flow metrics of one project (created, closed, work in progress, unassigned WIP, stuck, ' +
    'reopened, lead time p50/p90/avg in hours) for the last `days` days, plus averages of the last 4 weeks ' +
    'against the 4 weeks before and their change.',
  params,
  output,
  timeoutMs: 5_000,
  maxRows: 366,
  compile(tenantId, p, rowLimit) {
    return {
      sql: `
        with bounds as (
          select d as last_day, d - $4::int as after_day, d - greatest($4::int, 56) as scan_after_day
          from (select coalesce($5::date, (now() at time zone 'UTC')::date) as d) today
        ),
        metric_rows as (
          select m.date, m.created, m.closed, m.wip, m.wip_no_assignee, m.stuck, m.reopened,
            m.lead_time_p50_hours, m.lead_time_p90_hours, m.lead_time_avg_hours,
            m.date > b.last_day - 28 as in_last,
            m.date > b.last_day - 56 and m.date <= b.last_day - 28 as in_prev
          from work_item_metrics_daily m cross join bounds b
          where m.tenant_id = $1::uuid and m.project_key = $2 and m.team = $3
            and m.date > b.scan_after_day and m.date <= b.last_day
        ),
        periods as (
          select ${periodObject('in_last')} as last_period, ${periodObject('in_prev')} as prev_period
          from metric_rows
        )
        select
          exists (select 1 from projects pr where pr.tenant_id = $1::uuid and pr.key = $2 and not pr.is_deleted)
            as project_exists,
          (b.after_day + 1)::text as first_day, b.last_day::text as last_day,
          case when row_number() over (order by d.date) = 1 then p.last_period end as last_period,
          case when row_number() over (order by d.date) = 1 then p.prev_period end as prev_period,
          d.date::text as date, d.created, d.closed, d.wip, d.wip_no_assignee, d.stuck, d.reopened,
          d.lead_time_p50_hours, d.lead_time_p90_hours, d.lead_time_avg_hours
        from bounds b
        cross join periods p
        left join metric_rows d on d.date > b.after_day
        order by d.date
        limit $6`,
      parameters: [tenantId, p.project, p.team ?? '', p.days, p.end_date ?? null, rowLimit],
    };
  },
  shape(rows, p) {
    const parsed = rows.map((r) => row.parse(r));
    const first = parsed[0];
    if (first === undefined || !first.project_exists) {
      throw new AppError('not_found', `no project '${p.project}'`);
    }
    const period = (values: z.infer<typeof periodRow>, from: number, to: number) => {
      const { days, ...averages } = values;
      return {
        from: shiftDay(first.last_day, from),
        to: shiftDay(first.last_day, to),
        days_with_data: days,
        ...averages,
      };
    };
    const last = period(periodRow.parse(first.last_period), -27, 0);
    const previous = period(periodRow.parse(first.prev_period), -55, -28);
    return {
      project: p.project,
      team: p.team ?? null,
      from: first.first_day,
      to: first.last_day,
      days: parsed.flatMap((r) =>
        r.date === null
          ? []
          : [
              {
                date: r.date,
                created: r.created ?? 0,
                closed: r.closed ?? 0,
                wip: r.wip ?? 0,
                wip_no_assignee: r.wip_no_assignee ?? 0,
                stuck: r.stuck ?? 0,
                reopened: r.reopened ?? 0,
                lead_time_p50_hours: r.lead_time_p50_hours,
                lead_time_p90_hours: r.lead_time_p90_hours,
                lead_time_avg_hours: r.lead_time_avg_hours,
              },
            ],
      ),
      last_4_weeks: last,
      previous_4_weeks: previous,
      change: Object.fromEntries(
        PERIOD_KEYS.map((k) => {
          const a = last[k];
          const b = previous[k];
          return [k, a === null || b === null ? null : round2(a - b)];
        }),
      ) as Record<keyof typeof periodFields, number | null>,
    };
  },
};

/** `day` moved by `offset` days (UTC calendar arithmetic). */
function shiftDay(day: string, offset: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

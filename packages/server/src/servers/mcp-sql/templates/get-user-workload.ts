import { z } from 'zod';
import { boundedInt, identifier, sourceSchema, statusSchema } from './param-schemas.ts';
import { countColumn, decimalColumn, round2 } from './row-values.ts';
import type { SqlTemplate } from './sql-template.ts';

const params = z.strictObject({
  assignee: identifier(255).describe('account id, or display name (case-insensitive), of the person'),
  statuses: z
    .array(statusSchema)
    .min(1)
    .max(4)
    .default(['open', 'in_progress'])
    .describe('statuses that count as workload'),
  stuck_after_days: boundedInt(1, 365, 14).describe('in progress for longer than this counts as stuck'),
});

const countsFields = {
  open: z.number().int().describe('items assigned in the chosen statuses'),
  critical: z.number().int(),
  high: z.number().int(),
  stuck: z.number().int(),
  avg_days_in_status: z.number().nullable().describe('average days since each item entered its status'),
};

const output = z.object({
  assignee: z.string(),
  accounts: z
    .array(z.object({ instance_id: z.string(), account_id: z.string(), name: z.string() }))
    .describe('the source accounts that matched'),
  projects: z.array(
    z.object({ project_key: z.string(), source: sourceSchema, instance_id: z.string(), ...countsFields }),
  ),
  total: z.object(countsFields),
});

const row = z.object({
  accounts: z.array(z.object({ instance_id: z.string(), account_id: z.string(), name: z.string() })),
  project_key: z.string().nullable(),
  source: sourceSchema.nullable(),
  instance_id: z.string().nullable(),
  open: countColumn.nullable(),
  critical: countColumn.nullable(),
  high: countColumn.nullable(),
  stuck: countColumn.nullable(),
  avg_days_in_status: decimalColumn.nullable(),
  days_in_status_sum: z.number().nullable(),
});

/**
 * What one person has on their plate, per project. The person is resolved through `people` (account id,
 * or display name compared case-insensitively; people are few per tenant, so that filter is cheap even
 * though lower() is not leakproof), and their items are read through work_items_assignee_idx
 * (tenant_id, assignee_account_id, status) with one array of account ids, a leakproof index condition
 * (rule 8: the array is built by a UNION inside array(), never by `||`, which is not leakproof and would
 * leave the condition a filter). Account ids are unique per instance only: an item counts when its
 * (instance, account) pair is one of the matched people's, or its account id is the one asked for.
 * Stuck is the metrics' definition: in progress for more than `stuck_after_days` days.
 */
export const getUserWorkload: SqlTemplate<typeof params, typeof output> = {
  name: 'get_user_workload',
  title: 'User workload',
  description:
    "A person's assigned work across every source, per project: items in the chosen statuses (default open " +
    'and in progress), how many are critical or high priority, how many are stuck, and the average days in ' +
    'their current status.',
  params,
  output,
  timeoutMs: 5_000,
  maxRows: 500,
  compile(tenantId, p, rowLimit) {
    return {
      sql: `
        with who as (
          select pe.instance_id, pe.account_id, pe.display_name
          from people pe
          where pe.tenant_id = $1::uuid and (pe.account_id = $2 or lower(pe.display_name) = lower($2))
        ),
        matched as (
          select coalesce(json_agg(json_build_object('instance_id', instance_id::text,
            'account_id', account_id, 'name', display_name) order by instance_id, account_id), '[]'::json) as accounts
          from who
        ),
        per_project as (
          select wi.project_key, wi.source, wi.instance_id::text as instance_id,
            count(*)::int as open,
            count(*) filter (where wi.priority = 'critical')::int as critical,
            count(*) filter (where wi.priority = 'high')::int as high,
            count(*) filter (where wi.status = 'in_progress'
              and coalesce(wi.status_changed_at, wi.created_at) < now() - make_interval(days => $4::int))::int as stuck,
            sum(extract(epoch from now() - coalesce(wi.status_changed_at, wi.created_at)) / 86400)::float8
              as days_in_status_sum
          from work_items wi
          where wi.tenant_id = $1::uuid
            and not wi.is_deleted
            and wi.assignee_account_id = any(array(select account_id from who union select $2::text))
            and (wi.assignee_account_id = $2 or (wi.instance_id, wi.assignee_account_id) in (
              select instance_id, account_id from who))
            and wi.status = any($3::text[])
          group by wi.project_key, wi.source, wi.instance_id
        )
        select m.accounts, pp.project_key, pp.source, pp.instance_id, pp.open, pp.critical, pp.high, pp.stuck,
          pp.days_in_status_sum / pp.open as avg_days_in_status, pp.days_in_status_sum
        from matched m
        left join per_project pp on true
        order by pp.open desc nulls last, pp.project_key, pp.instance_id
        limit $5`,
      parameters: [tenantId, p.assignee, [...new Set(p.statuses)], p.stuck_after_days, rowLimit],
    };
  },
  shape(rows, p) {
    const parsed = rows.map((r) => row.parse(r));
    const projects = parsed.flatMap((r) =>
      r.project_key === null || r.source === null || r.instance_id === null
        ? []
        : [
            {
              project_key: r.project_key,
              source: r.source,
              instance_id: r.instance_id,
              open: r.open ?? 0,
              critical: r.critical ?? 0,
              high: r.high ?? 0,
              stuck: r.stuck ?? 0,
              avg_days_in_status: r.avg_days_in_status,
            },
          ],
    );
    const sum = (pick: (r: (typeof parsed)[number]) => number | null): number =>
      parsed.reduce((total, r) => total + (pick(r) ?? 0), 0);
    const open = sum((r) => r.open);
    return {
      assignee: p.assignee,
      accounts: parsed[0]?.accounts ?? [],
      projects,
      total: {
        open,
        critical: sum((r) => r.critical),
        high: sum((r) => r.high),
        stuck: sum((r) => r.stuck),
        avg_days_in_status: open === 0 ? null : round2(sum((r) => r.days_in_status_sum) / open),
      },
    };
  },
};

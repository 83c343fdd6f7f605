import { z } from 'zod';
import { boundedInt, instanceIdSchema, projectKeySchema, sourceSchema } from './param-schemas.ts';
import { countColumn } from './row-values.ts';
import type { SqlTemplate } from './sql-template.ts';
import { WORK_ITEM_SUMMARY_COLUMNS, workItemSummaryRow, workItemSummarySchema } from './work-item-summary.ts';

const MAX_LIMIT = 100;

const params = z.strictObject({
  days: boundedInt(1, 365, 7).describe('minimum whole days in the current status (1-365, default 7)'),
  project: projectKeySchema.optional(),
  status: z
    .enum(['open', 'in_progress'])
    .optional()
    .describe('only items in this normalized status (default: both open and in_progress)'),
  source: sourceSchema.optional(),
  instance_id: instanceIdSchema.optional(),
  limit: boundedInt(1, MAX_LIMIT, 50).describe(`most items to return (1-${MAX_LIMIT}, default 50)`),
});

const stuckItemSchema = workItemSummarySchema.extend({
  days_in_status: z.number().int().describe('whole days since it entered its current status'),
});

const output = z.object({
  days: z.number().int(),
  items: z.array(stuckItemSchema).describe('oldest-stuck first'),
});

/**
 * Items that have sat in their current status too long, oldest-stuck first. Reads status_changed_at (kept
 * by the sync engine) instead of history, through work_items_active_status_changed_idx
 * (tenant_id, status_changed_at) where not is_deleted and status in ('open', 'in_progress') (migration
 * 0004), already in the order of the answer. The statement repeats that predicate word for word so the
 * planner proves the partial index applies. Absent filters are bound as NULL: each
 * statement is planned with its values, so `$n is null or ...` folds away.
 */
export const getStuckIssues: SqlTemplate<typeof params, typeof output> = {
  name: 'get_stuck_issues',
  title: 'Stuck work items',
  description:
    'Work items that are not done or closed and have stayed in their current status for at least `days` ' +
    'days (default 7), across every connected source (Jira, GitHub, Asana, Linear), oldest-stuck first. ' +
    'Filter by project key, normalized status (open or in_progress), source or instance. Each item has its ' +
    'key, title, status as normalized and as the source names it, assignee, and whole days in its status.',
  params,
  output,
  timeoutMs: 10_000,
  maxRows: MAX_LIMIT,
  compile(tenantId, p, rowLimit) {
    return {
      sql: `
        select ${WORK_ITEM_SUMMARY_COLUMNS},
          floor(extract(epoch from (now() - wi.status_changed_at)) / 86400)::int as days_in_status
        from work_items wi
        where wi.tenant_id = $1::uuid
          and not wi.is_deleted
          and wi.status in ('open', 'in_progress')
          and ($2::text is null or wi.status = $2::text)
          and wi.status_changed_at <= now() - make_interval(days => $3::int)
          and ($4::text is null or wi.project_key = $4::text)
          and ($5::text is null or wi.source = $5::text)
          and ($6::uuid is null or wi.instance_id = $6::uuid)
        order by wi.status_changed_at, wi.id
        limit $7::int`,
      parameters: [
        tenantId,
        p.status ?? null,
        p.days,
        p.project ?? null,
        p.source ?? null,
        p.instance_id ?? null,
        rowLimit,
      ],
    };
  },
  shape(rows, p) {
    return {
      days: p.days,
      items: rows.map((r) => ({
        ...workItemSummaryRow.parse(r),
        days_in_status: countColumn.parse(r.days_in_status),
      })),
    };
  },
};

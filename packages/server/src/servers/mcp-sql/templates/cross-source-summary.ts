import { z } from 'zod';
import { sourceSchema } from './param-schemas.ts';
import { countColumn } from './row-values.ts';
import type { SqlTemplate } from './sql-template.ts';

/** Sources and projects of a tenant; beyond that the answer says `truncated`, and the totals stay exact. */
const MAX_ROWS = 1_000;

const params = z.strictObject({
  source: sourceSchema.optional().describe('only this source'),
});

const countsSchema = z.object({
  items: z.number().int(),
  open: z.number().int(),
  in_progress: z.number().int(),
  done: z.number().int(),
  closed: z.number().int(),
});

const output = z.object({
  totals: countsSchema.describe('every item of the tenant (or of the chosen source)'),
  sources: z.array(countsSchema.extend({ source: sourceSchema })),
  projects: z.array(
    countsSchema.extend({ source: sourceSchema, instance_id: z.string(), project_key: z.string() }),
  ),
});

const countsRow = z.object({
  items: countColumn,
  open: countColumn,
  in_progress: countColumn,
  done: countColumn,
  closed: countColumn,
});

/** grouping() of the three grouping sets: the total, one source, one project. */
const LEVEL = { total: 7, source: 3, project: 0 } as const;

const summaryRow = countsRow.extend({
  level: z.union([z.literal(LEVEL.total), z.literal(LEVEL.source), z.literal(LEVEL.project)]),
  source: sourceSchema.nullable(),
  instance_id: z.string().nullable(),
  project_key: z.string().nullable(),
});

/**
 * Item counts by normalized status for the whole tenant, per source and per project, in ONE grouping-sets
 * statement over work_item_counts (migration 0004: live items per instance, project, source and status,
 * kept exact by triggers on work_items), a few rows per project instead of every item of the tenant. The
 * total and the per-source rows sort first (by grouping level), so a row cap can only cut project rows:
 * totals are always exact.
 */
export const crossSourceSummary: SqlTemplate<typeof params, typeof output> = {
  name: 'cross_source_summary',
  title: 'Work across all sources',
  description:
    'An overview of all synced work: how many items are open, in progress, done and closed, in total, per ' +
    'source (Jira, GitHub, Asana, Linear) and per project (with its instance). Statuses are normalized ' +
    'across sources; deleted items are left out. Optionally only one source. Use it first to see what data ' +
    'exists before drilling into a project.',
  params,
  output,
  timeoutMs: 15_000,
  maxRows: MAX_ROWS,
  compile(tenantId, p, rowLimit) {
    return {
      sql: `
        select grouping(c.source, c.instance_id, c.project_key) as level, c.source,
          c.instance_id::text as instance_id, c.project_key,
          coalesce(sum(c.items), 0)::int as items,
          coalesce(sum(c.items) filter (where c.status = 'open'), 0)::int as open,
          coalesce(sum(c.items) filter (where c.status = 'in_progress'), 0)::int as in_progress,
          coalesce(sum(c.items) filter (where c.status = 'done'), 0)::int as done,
          coalesce(sum(c.items) filter (where c.status = 'closed'), 0)::int as closed
        from work_item_counts c
        where c.tenant_id = $1::uuid
          and c.items > 0
          and ($2::text is null or c.source = $2::text)
        group by grouping sets ((), (c.source), (c.source, c.instance_id, c.project_key))
        order by level desc, c.source, c.project_key, c.instance_id
        limit $3::int`,
      parameters: [tenantId, p.source ?? null, rowLimit],
    };
  },
  shape(rows) {
    const parsed = rows.map((r) => summaryRow.parse(r));
    // With no items at all, the total row alone comes back, all zeros.
    const total = parsed.find((r) => r.level === LEVEL.total);
    const counts = (r: z.infer<typeof summaryRow>) => countsRow.parse(r);
    return {
      totals: total === undefined ? { items: 0, open: 0, in_progress: 0, done: 0, closed: 0 } : counts(total),
      sources: parsed
        .filter((r) => r.level === LEVEL.source)
        .map((r) => ({ source: sourceSchema.parse(r.source), ...counts(r) })),
      projects: parsed
        .filter((r) => r.level === LEVEL.project)
        .map((r) => ({
          source: sourceSchema.parse(r.source),
          instance_id: z.string().parse(r.instance_id),
          project_key: z.string().parse(r.project_key),
          ...counts(r),
        })),
    };
  },
};

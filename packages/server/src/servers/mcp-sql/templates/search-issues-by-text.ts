import { z } from 'zod';
import {
  boundedInt,
  instanceIdSchema,
  oneOrMany,
  projectKeySchema,
  safeText,
  sourceSchema,
  statusSchema,
  toList,
} from './param-schemas.ts';
import { decimalColumn } from './row-values.ts';
import type { SqlTemplate } from './sql-template.ts';
import { WORK_ITEM_SUMMARY_COLUMNS, workItemSummaryRow, workItemSummarySchema } from './work-item-summary.ts';

const params = z.strictObject({
  query: safeText(3, 200).describe('a few keywords; typos are tolerated'),
  projects: z
    .array(projectKeySchema)
    .min(1)
    .max(50)
    .describe('project keys to search in (the search ranks every item of these projects)'),
  instance_id: instanceIdSchema.optional(),
  source: oneOrMany(sourceSchema).optional(),
  status: oneOrMany(statusSchema).optional(),
  min_similarity: z
    .number()
    .min(0.1)
    .max(1)
    .default(0.3)
    .describe('0.1–1: how closely the best-matching part of a title must match the query'),
  limit: boundedInt(1, 100, 20),
});

const output = z.object({
  issues: z.array(
    workItemSummarySchema.extend({
      score: z.number().describe('1 when the title contains the query words exactly'),
    }),
  ),
});

const scoredRow = z.object({ score: decimalColumn });

/**
 * Fuzzy title search ranked by pg_trgm's word_similarity (how well the best-matching extent of the title
 * matches the query). Design rule 8: under RLS the trigram operators (`%`, `<%`, ILIKE) are not leakproof,
 * so their GIN index never serves a restricted role. The candidates are therefore the items of the given
 * projects, read index-only from work_items_project_title_idx (tenant_id, project_key, with title and the
 * filter columns included; migration 0003), scored there, and only the best `limit` are joined back to the
 * table for their other columns. The cost grows with the size of the projects searched, not the tenant.
 */
export const searchIssuesByText: SqlTemplate<typeof params, typeof output> = {
  name: 'search_issues_by_text',
  title: 'Search issues by text',
  description:
    'Finds work items whose title matches a few keywords (fuzzy: typos and word order tolerated) within ' +
    'the given projects of any source, best match first.',
  params,
  output,
  timeoutMs: 10_000,
  maxRows: 100,
  compile(tenantId, p, rowLimit) {
    return {
      sql: `
        with candidates as (
          select wi.id, wi.updated_at, word_similarity($2, wi.title) as score
          from work_items wi
          where wi.tenant_id = $1::uuid
            and wi.project_key = any($3::text[])
            and not wi.is_deleted
            and ($4::uuid is null or wi.instance_id = $4::uuid)
            and ($5::text[] is null or wi.source = any($5::text[]))
            and ($6::text[] is null or wi.status = any($6::text[]))
        ),
        best as (
          select id, score from candidates
          where score >= $7::real
          order by score desc, updated_at desc, id
          limit $8
        )
        select ${WORK_ITEM_SUMMARY_COLUMNS}, b.score::float8 as score
        from best b
        join work_items wi on wi.tenant_id = $1::uuid and wi.id = b.id
        order by b.score desc, wi.updated_at desc, wi.id`,
      parameters: [
        tenantId,
        p.query,
        [...new Set(p.projects)],
        p.instance_id ?? null,
        toList(p.source),
        toList(p.status),
        p.min_similarity,
        rowLimit,
      ],
    };
  },
  shape(rows) {
    return {
      issues: rows.map((row) => ({ ...workItemSummaryRow.parse(row), score: scoredRow.parse(row).score })),
    };
  },
};

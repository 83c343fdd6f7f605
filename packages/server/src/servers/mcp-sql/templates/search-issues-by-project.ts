import { z } from 'zod';
import { cursorSchema, decodeCursor, encodeCursor } from './keyset-cursor.ts';
import {
  boundedInt,
  identifier,
  instanceIdSchema,
  oneOrMany,
  prioritySchema,
  projectKeySchema,
  sourceSchema,
  statusSchema,
  toList,
  typeSchema,
} from './param-schemas.ts';
import type { SqlTemplate } from './sql-template.ts';
import { WORK_ITEM_SUMMARY_COLUMNS, workItemSummaryRow, workItemSummarySchema } from './work-item-summary.ts';

const params = z.strictObject({
  project: projectKeySchema,
  instance_id: instanceIdSchema.optional(),
  status: oneOrMany(statusSchema).optional(),
  priority: oneOrMany(prioritySchema).optional(),
  type: oneOrMany(typeSchema).optional(),
  source: oneOrMany(sourceSchema).optional(),
  assignee: identifier(255)
    .optional()
    .describe('account id, or display name (case-insensitive), of the assignee'),
  limit: boundedInt(1, 100, 50),
  cursor: cursorSchema.optional(),
});

const output = z.object({
  issues: z.array(workItemSummarySchema),
  next_cursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});

const cursorRow = z.object({ id: z.string(), updated_at_micros: z.string() });

/**
 * The items of one project, newest update first, with a keyset cursor. The order is the one of
 * work_items_project_updated_idx (tenant_id, project_key, updated_at desc, id), so a page is a range scan of
 * that index; the first keyset condition bounds the scan, the second skips the rows of the cursor's instant
 * already served. An absent filter binds null and drops out of the (per-call) plan.
 */
export const searchIssuesByProject: SqlTemplate<typeof params, typeof output> = {
  name: 'search_issues_by_project',
  title: 'Search issues by project',
  description:
    'Lists the work items of one project (any source: Jira, GitHub, Asana, Linear), most recently updated ' +
    'first, optionally filtered by status, priority, type, source, instance and assignee. Pages with ' +
    'next_cursor.',
  params,
  output,
  timeoutMs: 5_000,
  maxRows: 100,
  compile(tenantId, p, rowLimit) {
    const after = p.cursor === undefined ? null : decodeCursor(p.cursor);
    return {
      sql: `
        select ${WORK_ITEM_SUMMARY_COLUMNS}, wi.id::text as id,
          to_char(wi.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as updated_at_micros
        from work_items wi
        where wi.tenant_id = $1::uuid
          and wi.project_key = $2
          and not wi.is_deleted
          and ($3::uuid is null or wi.instance_id = $3::uuid)
          and ($4::text[] is null or wi.status = any($4::text[]))
          and ($5::text[] is null or wi.priority = any($5::text[]))
          and ($6::text[] is null or wi.type = any($6::text[]))
          and ($7::text[] is null or wi.source = any($7::text[]))
          and ($8::text is null or wi.assignee_account_id = $8::text or lower(wi.assignee_name) = lower($8::text))
          and ($9::timestamptz is null or wi.updated_at <= $9::timestamptz)
          and ($9::timestamptz is null or wi.updated_at < $9::timestamptz or wi.id > $10::uuid)
        order by wi.updated_at desc, wi.id
        limit $11`,
      parameters: [
        tenantId,
        p.project,
        p.instance_id ?? null,
        toList(p.status),
        toList(p.priority),
        toList(p.type),
        toList(p.source),
        p.assignee ?? null,
        after?.updatedAt ?? null,
        after?.id ?? null,
        rowLimit,
      ],
    };
  },
  shape(rows, _p, context) {
    const last = rows.at(-1);
    const position = context?.truncated === true && last !== undefined ? cursorRow.parse(last) : undefined;
    return {
      issues: rows.map((row) => workItemSummaryRow.parse(row)),
      next_cursor:
        position === undefined
          ? null
          : encodeCursor({ updatedAt: position.updated_at_micros, id: position.id }),
    };
  },
};

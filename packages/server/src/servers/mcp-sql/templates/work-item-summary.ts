import { z } from 'zod';
import { prioritySchema, sourceSchema, statusSchema, typeSchema } from './param-schemas.ts';
import { timestampColumn } from './row-values.ts';

/** A work item in a list answer: what a person needs to recognize it, for every source alike. */
export const workItemSummarySchema = z.object({
  key: z.string().describe('the key people use: PAY-12, owner/repo#12, an Asana gid, ENG-3'),
  source: sourceSchema,
  instance_id: z.string(),
  project_key: z.string(),
  title: z.string(),
  type: typeSchema,
  status: statusSchema,
  original_status: z.string().describe("the source's own status name"),
  priority: prioritySchema,
  assignee: z.object({ account_id: z.string(), name: z.string().nullable() }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullable(),
  status_changed_at: z.string().nullable().describe('when it entered its current status'),
});
export type WorkItemSummary = z.infer<typeof workItemSummarySchema>;

/** The select list that `workItemSummaryRow` reads, for a `work_items wi` in the FROM clause. */
export const WORK_ITEM_SUMMARY_COLUMNS = `wi.source_key, wi.source, wi.instance_id::text as instance_id,
  wi.project_key, wi.title, wi.type, wi.status, wi.original_status, wi.priority, wi.assignee_account_id,
  wi.assignee_name, wi.created_at, wi.updated_at, wi.closed_at, wi.status_changed_at`;

/** Reads one row selected with WORK_ITEM_SUMMARY_COLUMNS. */
export const workItemSummaryRow = z
  .object({
    source_key: z.string(),
    source: sourceSchema,
    instance_id: z.string(),
    project_key: z.string(),
    title: z.string(),
    type: typeSchema,
    status: statusSchema,
    original_status: z.string(),
    priority: prioritySchema,
    assignee_account_id: z.string().nullable(),
    assignee_name: z.string().nullable(),
    created_at: timestampColumn,
    updated_at: timestampColumn,
    closed_at: timestampColumn.nullable(),
    status_changed_at: timestampColumn.nullable(),
  })
  .transform((r): WorkItemSummary => ({
    key: r.source_key,
    source: r.source,
    instance_id: r.instance_id,
    project_key: r.project_key,
    title: r.title,
    type: r.type,
    status: r.status,
    original_status: r.original_status,
    priority: r.priority,
    assignee:
      r.assignee_account_id === null ? null : { account_id: r.assignee_account_id, name: r.assignee_name },
    created_at: r.created_at,
    updated_at: r.updated_at,
    closed_at: r.closed_at,
    status_changed_at: r.status_changed_at,
  }));

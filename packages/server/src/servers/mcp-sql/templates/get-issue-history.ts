import { z } from 'zod';
import { AppError } from '../../../errors/app-error.ts';
import { boundedInt, identifier, instanceIdSchema, sourceSchema, statusSchema } from './param-schemas.ts';
import { timestampColumn } from './row-values.ts';
import type { SqlTemplate } from './sql-template.ts';

const params = z.strictObject({
  key: identifier(255).describe(
    'the item key in its source form: PAY-12 (Jira), owner/repo#12 (GitHub), the task gid (Asana), ENG-3 (Linear)',
  ),
  source: sourceSchema.optional().describe('only the item of this source (keys can repeat across sources)'),
  instance_id: instanceIdSchema.optional(),
  limit: boundedInt(1, 500, 100),
});

const itemSchema = z.object({
  key: z.string(),
  source: sourceSchema,
  instance_id: z.string(),
  project_key: z.string(),
  title: z.string(),
  status: statusSchema,
  created_at: z.string(),
});

const transitionSchema = z.object({
  key: z.string(),
  instance_id: z.string(),
  from_status: statusSchema.nullable(),
  to_status: statusSchema,
  from_original: z.string().nullable().describe("the source's own status names"),
  to_original: z.string(),
  actor: z.object({ account_id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  at: z.string(),
});

const output = z.object({
  items: z
    .array(itemSchema)
    .describe('the items with this key, by instance id (one per connected instance that has it)'),
  transitions: z.array(transitionSchema).describe('newest first'),
});

const row = z.object({
  source_key: z.string(),
  source: sourceSchema,
  instance_id: z.string(),
  project_key: z.string(),
  title: z.string(),
  status: statusSchema,
  created_at: timestampColumn,
  from_status: statusSchema.nullable(),
  to_status: statusSchema.nullable(),
  from_original: z.string().nullable(),
  to_original: z.string().nullable(),
  actor_account_id: z.string().nullable(),
  actor_name: z.string().nullable(),
  transitioned_at: timestampColumn.nullable(),
});

/**
 * The status history of one item, newest first. The key is looked up by work_items_key_idx
 * (tenant_id, source_key) and the transitions by work_item_transitions_item_idx. The left join keeps an item
 * without transitions as one row, so "no history" and "no such item" differ; an item of another tenant is
 * invisible (RLS and the explicit tenant filter) and answers like one that does not exist.
 */
export const getIssueHistory: SqlTemplate<typeof params, typeof output> = {
  name: 'get_issue_history',
  title: 'Issue status history',
  description:
    'The status changes of one work item (any source), newest first, with who made each change and when. ' +
    'When two connected instances have the same key (OPS-2 in Jira and in Linear), both histories are ' +
    'returned unless source or instance_id is given.',
  params,
  output,
  timeoutMs: 5_000,
  maxRows: 500,
  compile(tenantId, p, rowLimit) {
    return {
      sql: `
        select wi.source_key, wi.source, wi.instance_id::text as instance_id, wi.project_key, wi.title,
          wi.status, wi.created_at, t.from_status, t.to_status, t.from_original, t.to_original,
          t.actor_account_id, t.actor_name, t.transitioned_at
        from work_items wi
        left join work_item_transitions t on t.tenant_id = $1::uuid and t.work_item_id = wi.id
        where wi.tenant_id = $1::uuid
          and wi.source_key = $2
          and not wi.is_deleted
          and ($3::uuid is null or wi.instance_id = $3::uuid)
          and ($4::text is null or wi.source = $4::text)
        order by t.transitioned_at desc nulls last, t.id, wi.id
        limit $5`,
      parameters: [tenantId, p.key, p.instance_id ?? null, p.source ?? null, rowLimit],
    };
  },
  shape(rows, p) {
    const parsed = rows.map((r) => row.parse(r));
    if (parsed.length === 0) throw new AppError('not_found', `no work item '${p.key}'`);
    const items = new Map<string, z.infer<typeof itemSchema>>();
    for (const r of parsed) {
      items.set(r.instance_id, {
        key: r.source_key,
        source: r.source,
        instance_id: r.instance_id,
        project_key: r.project_key,
        title: r.title,
        status: r.status,
        created_at: r.created_at,
      });
    }
    return {
      items: [...items.values()].sort((a, b) => (a.instance_id < b.instance_id ? -1 : 1)),
      transitions: parsed.flatMap((r) =>
        r.to_status === null || r.transitioned_at === null
          ? []
          : [
              {
                key: r.source_key,
                instance_id: r.instance_id,
                from_status: r.from_status,
                to_status: r.to_status,
                from_original: r.from_original,
                to_original: r.to_original ?? '',
                actor:
                  r.actor_account_id === null && r.actor_name === null
                    ? null
                    : { account_id: r.actor_account_id, name: r.actor_name },
                at: r.transitioned_at,
              },
            ],
      ),
    };
  },
};

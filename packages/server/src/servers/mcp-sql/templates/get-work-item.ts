import { z } from 'zod';
import { identifier, instanceIdSchema } from './param-schemas.ts';
import type { SqlTemplate } from './sql-template.ts';
import { WORK_ITEM_SUMMARY_COLUMNS, workItemSummaryRow, workItemSummarySchema } from './work-item-summary.ts';

/** Instances of one tenant that could share a key; more would be a misconfiguration, not a use case. */
const MAX_MATCHES = 20;
const MAX_COMMENTS = 10;
const MAX_LINKS = 100;
/** Long texts are cut so that one item never comes near the response byte cap. */
const MAX_DESCRIPTION_CHARS = 16_000;
const MAX_COMMENT_CHARS = 4_000;

const params = z.strictObject({
  key: identifier(255).describe(
    'the key as the source shows it: PAY-12 (Jira), owner/repo#12 (GitHub), the task gid (Asana), ENG-3 (Linear)',
  ),
  instance_id: instanceIdSchema.optional(),
});

/** Timestamps inside json_agg arrive as text with the session's offset; answers use UTC ISO strings. */
const jsonTimestamp = z.string().transform((s) => new Date(s).toISOString());

const commentSchema = z.object({
  author_name: z.string().nullable(),
  body: z.string(),
  created_at: z.string(),
});
const linkSchema = z.object({
  link_type: z.string(),
  direction: z.enum(['outward', 'inward']),
  target_key: z.string().describe('the key of the linked item'),
});

const itemSchema = workItemSummarySchema.extend({
  description: z.string().nullable(),
  original_type: z.string().describe("the source's own type name"),
  reporter: z.object({ account_id: z.string(), name: z.string().nullable() }).nullable(),
  labels: z.array(z.string()),
  team: z.string().nullable(),
  parent_key: z.string().nullable(),
  comments: z.array(commentSchema).describe(`the latest ${MAX_COMMENTS} comments, newest first`),
  links: z.array(linkSchema),
});

const output = z.object({
  key: z.string(),
  items: z.array(itemSchema).describe('every match: empty when there is no such item'),
});

const detailRow = z.object({
  description: z.string().nullable(),
  original_type: z.string(),
  reporter_account_id: z.string().nullable(),
  reporter_name: z.string().nullable(),
  labels: z.array(z.string()),
  team: z.string().nullable(),
  parent_key: z.string().nullable(),
  comments: z.array(commentSchema.extend({ created_at: jsonTimestamp })),
  links: z.array(linkSchema),
});

/**
 * One work item by its key with its latest comments and its links, in ONE statement: comments and links
 * are correlated subqueries aggregated with json_agg, reached through work_items_key_idx,
 * work_item_comments_item_idx and the (tenant_id, work_item_id, ...) unique key of work_item_links. A key
 * can exist in several instances (two Jira sites), so every match is returned. Another tenant's key
 * answers exactly like a nonexistent one: no items.
 */
export const getWorkItem: SqlTemplate<typeof params, typeof output> = {
  name: 'get_work_item',
  title: 'One work item by key',
  description:
    'Fetches one work item by the key people use, from any source: PAY-12 (Jira), owner/repo#12 (GitHub), ' +
    'the task gid (Asana) or ENG-3 (Linear). Returns every match (the same key may exist in two connected ' +
    `instances; pass instance_id to pick one), each with its fields, its ${MAX_COMMENTS} latest comments ` +
    '(newest first) and its links to other items. An empty `items` list means there is no such item. ' +
    `Descriptions are cut at ${MAX_DESCRIPTION_CHARS} characters and comments at ${MAX_COMMENT_CHARS}.`,
  params,
  output,
  timeoutMs: 5_000,
  maxRows: MAX_MATCHES,
  compile(tenantId, p, rowLimit) {
    return {
      sql: `
        select ${WORK_ITEM_SUMMARY_COLUMNS},
          left(wi.description, ${MAX_DESCRIPTION_CHARS}) as description, wi.original_type,
          wi.reporter_account_id, wi.reporter_name, wi.labels, wi.team, wi.parent_key,
          coalesce((
            select json_agg(json_build_object('author_name', c.author_name, 'body', c.body,
                'created_at', c.created_at) order by c.created_at desc, c.id)
            from (
              select c.id, c.author_name, left(c.body, ${MAX_COMMENT_CHARS}) as body, c.created_at
              from work_item_comments c
              where c.tenant_id = $1::uuid and c.work_item_id = wi.id
              order by c.created_at desc, c.id
              limit ${MAX_COMMENTS}
            ) c
          ), '[]'::json) as comments,
          coalesce((
            select json_agg(json_build_object('link_type', l.link_type, 'direction', l.direction,
                'target_key', l.target_key) order by l.link_type, l.direction, l.target_key)
            from (
              select l.link_type, l.direction, l.target_key
              from work_item_links l
              where l.tenant_id = $1::uuid and l.work_item_id = wi.id
              order by l.link_type, l.direction, l.target_key
              limit ${MAX_LINKS}
            ) l
          ), '[]'::json) as links
        from work_items wi
        where wi.tenant_id = $1::uuid
          and wi.source_key = $2::text
          and not wi.is_deleted
          and ($3::uuid is null or wi.instance_id = $3::uuid)
        order by wi.instance_id, wi.id
        limit $4::int`,
      parameters: [tenantId, p.key, p.instance_id ?? null, rowLimit],
    };
  },
  shape(rows, p) {
    return {
      key: p.key,
      items: rows.map((r) => {
        const d = detailRow.parse(r);
        return {
          ...workItemSummaryRow.parse(r),
          description: d.description,
          original_type: d.original_type,
          reporter:
            d.reporter_account_id === null
              ? null
              : { account_id: d.reporter_account_id, name: d.reporter_name },
          labels: d.labels,
          team: d.team,
          parent_key: d.parent_key,
          comments: d.comments,
          links: d.links,
        };
      }),
    };
  },
};

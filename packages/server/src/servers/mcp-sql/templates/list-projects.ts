import { z } from 'zod';
import { boundedInt, instanceIdSchema, sourceSchema } from './param-schemas.ts';
import { countColumn, timestampColumn } from './row-values.ts';
import type { SqlTemplate } from './sql-template.ts';

const MAX_LIMIT = 500;

const params = z.strictObject({
  source: sourceSchema.optional().describe('only projects of this source'),
  instance_id: instanceIdSchema.optional(),
  limit: boundedInt(1, MAX_LIMIT, 200).describe(`most projects to return (1-${MAX_LIMIT}, default 200)`),
});

const projectSchema = z.object({
  key: z.string().describe('what the other tools take as `project`'),
  name: z.string(),
  team: z.string().nullable(),
  source: sourceSchema,
  instance_id: z.string(),
  instance_name: z.string(),
  items: z.number().int(),
  open: z.number().int(),
  in_progress: z.number().int(),
  done: z.number().int().describe('done or closed'),
  last_synced_at: z.string().nullable(),
});

const output = z.object({ projects: z.array(projectSchema) });

const projectRow = z.object({
  key: z.string(),
  name: z.string(),
  team: z.string().nullable(),
  source: sourceSchema,
  instance_id: z.string(),
  instance_name: z.string(),
  items: countColumn,
  open: countColumn,
  in_progress: countColumn,
  done: countColumn,
  last_synced_at: timestampColumn.nullable(),
});

/**
 * The tenant's projects with their item counts: a lateral aggregate per project over the few rows of
 * work_item_counts (migration 0004: live items per instance, project, source and status, kept exact by
 * triggers on work_items) through its primary key (tenant_id, instance_id, project_key, ...). The last sync
 * time is the later of the project's last_synced_at and the newest synced_at of the items written into its
 * counts (webhooks refresh single items; the sync engine does not set the former yet).
 */
export const listProjects: SqlTemplate<typeof params, typeof output> = {
  name: 'list_projects',
  title: 'Projects',
  description:
    'Lists the projects (Jira projects, GitHub repositories, Asana projects, Linear teams) of every ' +
    'connected instance, with how many items each has open, in progress and done (done includes closed), ' +
    'and when it was last synced. Filter by source or instance. The `key` is what the other tools take as ' +
    '`project`.',
  params,
  output,
  timeoutMs: 10_000,
  maxRows: MAX_LIMIT,
  compile(tenantId, p, rowLimit) {
    return {
      sql: `
        select p.key, p.name, p.team, i.source_type as source, p.instance_id::text as instance_id,
          i.name as instance_name, c.items, c.open, c.in_progress, c.done,
          greatest(p.last_synced_at, c.last_item_synced_at) as last_synced_at
        from projects p
        join source_instances i on i.tenant_id = p.tenant_id and i.id = p.instance_id
        cross join lateral (
          select coalesce(sum(wc.items), 0)::int as items,
            coalesce(sum(wc.items) filter (where wc.status = 'open'), 0)::int as open,
            coalesce(sum(wc.items) filter (where wc.status = 'in_progress'), 0)::int as in_progress,
            coalesce(sum(wc.items) filter (where wc.status in ('done', 'closed')), 0)::int as done,
            max(wc.last_synced_at) as last_item_synced_at
          from work_item_counts wc
          where wc.tenant_id = $1::uuid
            and wc.instance_id = p.instance_id
            and wc.project_key = p.key
        ) c
        where p.tenant_id = $1::uuid
          and i.tenant_id = $1::uuid
          and not p.is_deleted
          and i.deleted_at is null
          and ($2::text is null or i.source_type = $2::text)
          and ($3::uuid is null or p.instance_id = $3::uuid)
        order by p.key, p.instance_id
        limit $4::int`,
      parameters: [tenantId, p.source ?? null, p.instance_id ?? null, rowLimit],
    };
  },
  shape(rows) {
    return { projects: rows.map((r) => projectRow.parse(r)) };
  },
};

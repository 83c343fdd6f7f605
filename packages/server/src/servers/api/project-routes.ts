import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { withTenant } from '../../db/with-tenant.ts';
import { AppError } from '../../errors/app-error.ts';
import { callerOf } from '../../http/plugins/auth.ts';
import { instanceIdParams, requireInstance, type InstanceServiceDeps } from '../../services/instances.ts';

interface ProjectRow {
  instance_id: string;
  key: string;
  name: string;
  team: string | null;
  source: string;
  items: number;
  open_items: number;
  last_synced_at: Date | null;
}

const present = (r: ProjectRow) => ({
  instance_id: r.instance_id,
  key: r.key,
  name: r.name,
  team: r.team,
  source: r.source,
  items: r.items,
  open_items: r.open_items,
  last_synced_at: r.last_synced_at?.toISOString() ?? null,
});

/** Projects of one instance or of the whole tenant, with item counts, and a project's daily metrics. */
export function projectRoutes(deps: InstanceServiceDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const listProjects = (tenantId: string, instanceId: string | null) =>
      withTenant(deps.runtime, tenantId, async (trx) => {
        const { rows } = await sql<ProjectRow>`
          select p.instance_id, p.key, p.name, p.team, i.source_type as source,
            (select count(*)::int from work_items w where w.tenant_id = p.tenant_id and w.instance_id = p.instance_id
               and w.project_key = p.key and not w.is_deleted) as items,
            (select count(*)::int from work_items w where w.tenant_id = p.tenant_id and w.instance_id = p.instance_id
               and w.project_key = p.key and not w.is_deleted and w.status in ('open', 'in_progress')) as open_items,
            (select max(w.synced_at) from work_items w where w.tenant_id = p.tenant_id and w.instance_id = p.instance_id
               and w.project_key = p.key) as last_synced_at
          from projects p join source_instances i on i.tenant_id = p.tenant_id and i.id = p.instance_id
          where p.tenant_id = ${tenantId}::uuid and not p.is_deleted and i.deleted_at is null
            and (${instanceId}::uuid is null or p.instance_id = ${instanceId}::uuid)
          order by p.key, p.instance_id`.execute(trx);
        return rows.map(present);
      });

    app.get(
      '/api/v1/instances/:id/projects',
      { config: { scope: 'read' }, schema: { params: instanceIdParams } },
      async (request) => {
        const { tenantId } = callerOf(request);
        await requireInstance(deps, tenantId, request.params.id);
        return { projects: await listProjects(tenantId, request.params.id) };
      },
    );

    app.get('/api/v1/projects', { config: { scope: 'read' } }, async (request) => ({
      projects: await listProjects(callerOf(request).tenantId, null),
    }));

    app.get(
      '/api/v1/projects/:key/metrics',
      {
        config: { scope: 'read' },
        schema: {
          params: z.strictObject({ key: z.string().min(1).max(200) }),
          querystring: z.strictObject({
            days: z.coerce.number().int().min(1).max(365).default(30),
            team: z.string().max(200).optional(),
          }),
        },
      },
      async (request) => {
        const { tenantId } = callerOf(request);
        const { key } = request.params;
        const { days, team } = request.query;
        return withTenant(deps.runtime, tenantId, async (trx) => {
          const known = await trx
            .selectFrom('work_items')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('project_key', '=', key)
            .limit(1)
            .executeTakeFirst();
          if (known === undefined) throw new AppError('not_found', 'no such project');
          const { rows } = await sql<Record<string, unknown>>`
            select to_char(date, 'YYYY-MM-DD') as date, created, closed, wip, wip_no_assignee, stuck, reopened,
              lead_time_p50_hours, lead_time_p90_hours, lead_time_avg_hours
            from work_item_metrics_daily
            where tenant_id = ${tenantId}::uuid and project_key = ${key} and team = ${team ?? ''}
              and date > current_date - ${days}::int
            order by date`.execute(trx);
          return { project_key: key, team: team ?? null, days, metrics: rows };
        });
      },
    );
  };
}

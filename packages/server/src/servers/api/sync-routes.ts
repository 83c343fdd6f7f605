import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTenant } from '../../db/with-tenant.ts';
import { callerOf } from '../../http/plugins/auth.ts';
import { instanceIdParams, requireInstance } from '../../services/instances.ts';
import { cancelJob, getJob, presentJob, startJob, type SyncServiceDeps } from '../../services/sync-jobs.ts';
import { listJobs } from '../../sync/job-store.ts';
import { jobStatusSchema } from '../../sync/job-types.ts';
import { actorOf } from './request-actor.ts';

const backfillBody = z
  .strictObject({ project_keys: z.array(z.string().trim().min(1).max(200)).min(1).max(500).optional() })
  .nullish();

/** Backfill, incremental sync, cancel, job status and the job list. */
export function syncRoutes(deps: SyncServiceDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/instances/:id/backfill',
      { config: { scope: 'admin' }, schema: { params: instanceIdParams, body: backfillBody } },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await startJob(deps, actorOf(request), request.params.id, 'backfill', request.body?.project_keys),
          ),
    );

    app.get(
      '/api/v1/instances/:id/backfill/:task_id',
      { config: { scope: 'read' }, schema: { params: z.strictObject({ id: z.uuid(), task_id: z.uuid() }) } },
      async (request) =>
        presentJob(await getJob(deps, callerOf(request).tenantId, request.params.id, request.params.task_id)),
    );

    app.post(
      '/api/v1/instances/:id/sync',
      { config: { scope: 'admin' }, schema: { params: instanceIdParams } },
      async (request, reply) =>
        reply.status(202).send(await startJob(deps, actorOf(request), request.params.id, 'incremental')),
    );

    app.post(
      '/api/v1/instances/:id/cancel',
      { config: { scope: 'admin' }, schema: { params: instanceIdParams } },
      async (request) => presentJob(await cancelJob(deps, actorOf(request), request.params.id)),
    );

    app.get(
      '/api/v1/jobs',
      {
        config: { scope: 'read' },
        schema: {
          querystring: z.strictObject({
            instance_id: z.uuid().optional(),
            status: jobStatusSchema.optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
      },
      async (request) => {
        const { tenantId } = callerOf(request);
        if (request.query.instance_id !== undefined)
          await requireInstance(deps, tenantId, request.query.instance_id);
        const jobs = await withTenant(deps.runtime, tenantId, (trx) =>
          listJobs(trx, tenantId, {
            instanceId: request.query.instance_id,
            status: request.query.status,
            limit: request.query.limit,
          }),
        );
        return { jobs: jobs.map(presentJob) };
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../http/plugins/auth.ts';
import { createInstanceBody, instanceViewSchema, patchInstanceBody } from '../../services/instance-input.ts';
import {
  createInstance,
  deleteInstance,
  instanceIdParams,
  listTenantInstances,
  patchInstance,
  presentInstance,
  requireInstance,
} from '../../services/instances.ts';
import type { SyncServiceDeps } from '../../services/sync-jobs.ts';
import { testInstanceConnection } from '../../services/test-connection.ts';
import { actorOf } from './request-actor.ts';

/** `GET/POST /api/v1/instances`, `GET/PATCH/DELETE /api/v1/instances/:id`, `POST .../:id/test`. */
export function instanceRoutes(deps: SyncServiceDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/instances',
      {
        config: { scope: 'read' },
        schema: { response: { 200: z.object({ instances: z.array(instanceViewSchema) }) } },
      },
      async (request) => ({ instances: await listTenantInstances(deps, callerOf(request).tenantId) }),
    );

    app.post(
      '/api/v1/instances',
      {
        config: { scope: 'admin' },
        schema: {
          body: createInstanceBody,
          response: { 201: z.object({ instance: instanceViewSchema, webhook_secret: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createInstance(deps, actorOf(request), request.body)),
    );

    app.get(
      '/api/v1/instances/:id',
      {
        config: { scope: 'read' },
        schema: { params: instanceIdParams, response: { 200: instanceViewSchema } },
      },
      async (request) =>
        presentInstance(await requireInstance(deps, callerOf(request).tenantId, request.params.id)),
    );

    app.patch(
      '/api/v1/instances/:id',
      {
        config: { scope: 'admin' },
        schema: { params: instanceIdParams, body: patchInstanceBody, response: { 200: instanceViewSchema } },
      },
      async (request) => patchInstance(deps, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/api/v1/instances/:id',
      { config: { scope: 'admin' }, schema: { params: instanceIdParams } },
      async (request, reply) => {
        await deleteInstance(deps, actorOf(request), request.params.id);
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/v1/instances/:id/test',
      { config: { scope: 'admin' }, schema: { params: instanceIdParams } },
      async (request) => testInstanceConnection(deps, actorOf(request), request.params.id),
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { receiveWebhook } from '../../services/webhook-intake.ts';
import type { SyncServiceDeps } from '../../services/sync-jobs.ts';

const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * `POST /api/v1/webhooks/:tenant_id/:instance_id`: deliveries from the sources. No bearer token: the
 * signature made with the instance's secret is the credential, so the raw body is kept for checking it.
 */
export function webhookRoutes(deps: SyncServiceDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_req, body, done) => {
        done(null, body);
      },
    );
    app.post(
      '/api/v1/webhooks/:tenant_id/:instance_id',
      { schema: { params: z.strictObject({ tenant_id: z.uuid(), instance_id: z.uuid() }) } },
      async (request, reply) => {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const outcome = await receiveWebhook(deps, {
          tenantId: request.params.tenant_id,
          instanceId: request.params.instance_id,
          headers: request.headers,
          rawBody,
        });
        if (outcome.kind === 'handshake')
          return reply.header('x-hook-secret', outcome.secret).status(200).send({ ok: true });
        return { accepted: outcome.keys.length, deleted: outcome.deleted.length };
      },
    );
  };
}

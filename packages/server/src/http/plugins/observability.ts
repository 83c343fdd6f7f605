import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { HttpMetrics } from '../../observability/metrics.ts';

/**
 * One JSON log line and one metrics sample per request, labelled with the route template (never the raw
 * URL) and, once authenticated, the tenant. The request id is echoed in `x-request-id`.
 */
export const observabilityPlugin = fp(
  (app: FastifyInstance, options: { server: string; metrics: HttpMetrics }) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = {
        server: options.server,
        method: request.method,
        route,
        status: String(reply.statusCode),
      };
      options.metrics.requests.inc(labels);
      options.metrics.duration.observe(labels, reply.elapsedTime / 1000);
      request.log.info(
        {
          method: request.method,
          route,
          status: reply.statusCode,
          duration_ms: Math.round(reply.elapsedTime * 100) / 100,
          ...(request.auth === undefined
            ? {}
            : { tenant_id: request.auth.tenantId, token_id: request.auth.tokenId }),
        },
        'request completed',
      );
    });
  },
  { name: 'observability' },
);

import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../runtime/app-context.ts';
import { httpMetrics } from '../observability/metrics.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { healthPlugin } from './plugins/health.ts';
import { observabilityPlugin } from './plugins/observability.ts';
import { readinessChecks } from './readiness.ts';

export type ServerName = 'api' | 'mcp-jira' | 'mcp-sql';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The shared skeleton of the three servers: request ids, JSON logs, metrics, typed errors, body limits,
 * zod validation, bearer auth and health/readiness/metrics routes. Each server adds its routes as a plugin.
 * Building the app listens on nothing; see runtime/serve.ts.
 */
export async function buildHttpApp(
  server: ServerName,
  ctx: AppContext,
  routes: (app: FastifyInstance) => Promise<void> | void,
): Promise<FastifyInstance> {
  // Typed as Fastify's logger so the instance type matches the plugins' (pino's own type is wider).
  const logger: FastifyBaseLogger = ctx.logger.child({ server });
  const app = Fastify({
    loggerInstance: logger,
    // Our observability plugin writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: ctx.config.http.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Keep-alive sockets must not hold a graceful shutdown open.
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: text/plain bodies would reach handlers as strings.
  app.removeContentTypeParser('text/plain');

  await app.register(errorsPlugin);
  await app.register(observabilityPlugin, { server, metrics: httpMetrics(ctx.metrics) });
  await app.register(authPlugin, { db: ctx.db.runtime, cache: ctx.kv.cache });
  await app.register(healthPlugin, { checks: readinessChecks(ctx), registry: ctx.metrics });
  await app.register(routes);
  return app;
}

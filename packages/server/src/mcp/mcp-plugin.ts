import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../runtime/app-context.ts';
import type { McpServerSpec } from './create-mcp-server.ts';
import { registerRestFallback } from './http/rest-fallback.ts';
import { SessionStore } from './http/session-store.ts';
import { registerSse } from './http/sse.ts';
import { registerStreamableHttp } from './http/streamable-http.ts';
import { assertAllowedOrigin } from './http/origin-check.ts';
import { mcpMetrics } from './mcp-metrics.ts';

const SESSION_LIMITS = { perToken: 50, idleMs: 30 * 60_000 };

/** Mounts every MCP transport of one server (Streamable HTTP, SSE, REST fallback) on its Fastify app. */
export async function registerMcp(app: FastifyInstance, ctx: AppContext, spec: McpServerSpec): Promise<void> {
  const sessions = new SessionStore(SESSION_LIMITS);
  const options = {
    spec,
    sessions,
    deps: { logger: ctx.logger.child({ server: spec.name }), metrics: mcpMetrics(ctx.metrics) },
  };
  await app.register(async (scoped) => {
    scoped.addHook('onRequest', async (request) => {
      assertAllowedOrigin(request.headers.origin, ctx.config.http.mcpAllowedOrigins);
    });
    registerStreamableHttp(scoped, options);
    registerSse(scoped, options);
    registerRestFallback(scoped, options);
  });
  app.addHook('onClose', () => sessions.closeAll());
}

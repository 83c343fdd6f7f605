import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../http/build-app.ts';
import type { AppContext } from '../../runtime/app-context.ts';
import { syncServiceDeps } from '../../runtime/sync-runtime.ts';
import { instanceRoutes } from './instance-routes.ts';
import { meRoutes } from './me-routes.ts';
import { registerOpenApi } from './openapi.ts';
import { projectRoutes } from './project-routes.ts';
import { syncRoutes } from './sync-routes.ts';
import { tokenRoutes } from './token-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';

/** The orchestrator (port 8000): admin REST API under /api/v1. */
export function buildApiApp(ctx: AppContext): Promise<FastifyInstance> {
  return buildHttpApp('api', ctx, async (app) => {
    await registerOpenApi(app);
    await app.register(meRoutes(ctx));
    await app.register(tokenRoutes(ctx));
    const deps = syncServiceDeps(ctx);
    await app.register(instanceRoutes(deps));
    await app.register(syncRoutes(deps));
    await app.register(projectRoutes(deps));
    await app.register(webhookRoutes(deps));
  });
}

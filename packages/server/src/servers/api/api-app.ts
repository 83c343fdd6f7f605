import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../http/build-app.ts';
import type { AppContext } from '../../runtime/app-context.ts';
import { meRoutes } from './me-routes.ts';
import { tokenRoutes } from './token-routes.ts';

/** The orchestrator (port 8000): admin REST API under /api/v1. */
export function buildApiApp(ctx: AppContext): Promise<FastifyInstance> {
  return buildHttpApp('api', ctx, async (app) => {
    await app.register(meRoutes(ctx));
    await app.register(tokenRoutes(ctx));
  });
}

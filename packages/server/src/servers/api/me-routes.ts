import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeSchema } from '../../auth/scopes.ts';
import { withTenant } from '../../db/with-tenant.ts';
import { AppError } from '../../errors/app-error.ts';
import { callerOf } from '../../http/plugins/auth.ts';
import type { AppContext } from '../../runtime/app-context.ts';

const meSchema = z.object({
  tenant: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  token: z.object({ id: z.uuid(), scopes: z.array(scopeSchema) }),
});

/** `GET /api/v1/me`: the tenant and scopes the presented token resolves to. */
export function meRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/me',
      { config: { scope: 'read' }, schema: { response: { 200: meSchema } } },
      async (request) => {
        const caller = callerOf(request);
        const tenant = await withTenant(ctx.db.runtime, caller.tenantId, (trx) =>
          trx
            .selectFrom('tenants')
            .select(['id', 'slug', 'name'])
            .where('id', '=', caller.tenantId)
            .executeTakeFirst(),
        );
        if (tenant === undefined) throw new AppError('unauthorized', 'invalid bearer token');
        return { tenant, token: { id: caller.tokenId, scopes: caller.scopes } };
      },
    );
  };
}

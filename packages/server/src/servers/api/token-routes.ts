import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeSchema } from '../../auth/scopes.ts';
import type { AppContext } from '../../runtime/app-context.ts';
import { withTenant } from '../../db/with-tenant.ts';
import { callerOf } from '../../http/plugins/auth.ts';
import { listApiTokens } from '../../repositories/api-tokens.ts';
import { issueApiToken, revokeTenantApiToken } from '../../services/api-tokens.ts';

const tokenInfoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(scopeSchema),
  created_at: z.iso.datetime(),
  expires_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
});

const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  scopes: z.array(scopeSchema).min(1).max(3),
  expires_in_days: z.number().int().min(1).max(3650).optional(),
});

function present(info: Awaited<ReturnType<typeof issueApiToken>>['info']): z.infer<typeof tokenInfoSchema> {
  return {
    id: info.id,
    name: info.name,
    scopes: info.scopes,
    created_at: info.createdAt.toISOString(),
    expires_at: info.expiresAt?.toISOString() ?? null,
    revoked_at: info.revokedAt?.toISOString() ?? null,
  };
}

/** Token management for a tenant's admins: list, create (shown once), revoke. */
export function tokenRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/tokens',
      {
        config: { scope: 'admin' },
        schema: { response: { 200: z.object({ tokens: z.array(tokenInfoSchema) }) } },
      },
      async (request) => {
        const { tenantId } = callerOf(request);
        const tokens = await withTenant(ctx.db.runtime, tenantId, (trx) => listApiTokens(trx, tenantId));
        return { tokens: tokens.map(present) };
      },
    );

    app.post(
      '/api/v1/tokens',
      {
        config: { scope: 'admin' },
        schema: {
          body: createTokenBody,
          response: { 201: z.object({ token: z.string(), info: tokenInfoSchema }) },
        },
      },
      async (request, reply) => {
        const { tenantId } = callerOf(request);
        const { name, scopes, expires_in_days: days } = request.body;
        const expiresAt = days === undefined ? undefined : new Date(Date.now() + days * 86_400_000);
        const { token, info } = await issueApiToken(ctx.db.runtime, tenantId, {
          name,
          scopes: [...new Set(scopes)],
          expiresAt,
        });
        return reply.status(201).send({ token, info: present(info) });
      },
    );

    app.delete(
      '/api/v1/tokens/:id',
      { config: { scope: 'admin' }, schema: { params: z.strictObject({ id: z.uuid() }) } },
      async (request, reply) => {
        await revokeTenantApiToken(
          ctx.db.runtime,
          ctx.kv.cache,
          callerOf(request).tenantId,
          request.params.id,
        );
        return reply.status(204).send();
      },
    );
  };
}

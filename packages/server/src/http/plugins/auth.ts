import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { authenticateBearer, type AuthContext } from '../../auth/authenticate.ts';
import { hasScope, type Scope } from '../../auth/scopes.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Cache } from '../../kv/cache.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
  interface FastifyContextConfig {
    /** The scope a route requires; routes without one are public (health, readiness, metrics). */
    scope?: Scope;
  }
}

/** Authenticates every route that declares a scope, then checks the scope (401, then 403). */
export const authPlugin = fp(
  (app: FastifyInstance, options: { db: Kysely<Database>; cache: Cache }) => {
    app.addHook('onRequest', async (request) => {
      const required = request.routeOptions.config.scope;
      if (required === undefined) return;
      const auth = await authenticateBearer(options.db, request.headers.authorization, options.cache);
      request.auth = auth;
      request.log = request.log.child({ tenant_id: auth.tenantId });
      if (!hasScope(auth.scopes, required)) {
        throw new AppError('forbidden', `this token lacks the '${required}' scope`, {
          details: { required_scope: required },
        });
      }
    });
  },
  { name: 'auth' },
);

/** The authenticated caller of a route that declared a scope. */
export function callerOf(request: { auth?: AuthContext | undefined }): AuthContext {
  if (request.auth === undefined)
    throw new AppError('internal', 'route used callerOf() without declaring a scope');
  return request.auth;
}

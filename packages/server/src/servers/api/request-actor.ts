import type { FastifyRequest } from 'fastify';
import { callerOf } from '../../http/plugins/auth.ts';
import type { Actor } from '../../services/instances.ts';

/** The audit actor of an authenticated request. */
export function actorOf(request: FastifyRequest): Actor {
  const caller = callerOf(request);
  return { tenantId: caller.tenantId, tokenId: caller.tokenId, userId: caller.userId, requestId: request.id };
}

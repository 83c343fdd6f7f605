import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, sendErrors } from './http.ts';
import type { AsanaStore } from './store.ts';
import type { AsUser } from './world.ts';

/** What every Asana route shares: the store, credentials, change announcements, Asana's error shapes. */

export interface AsChange {
  action: 'added' | 'removed' | 'changed' | 'deleted';
  task: number;
  actor: number;
  /** The project or section the task was added to or removed from. */
  parent?: { type: 'project' | 'section'; project: number; section?: number };
  field?: string;
  /** The story of a comment added to the task. */
  story?: string;
}

export interface AsDeps {
  store: AsanaStore;
  /** Accepted personal access tokens and the user index each belongs to. */
  tokens: ReadonlyMap<string, number>;
  /** Base URL without a trailing slash (the API lives under /api/1.0). */
  base: () => string;
  onChange: (change: AsChange) => void;
}

/** The bearer token of a request, or null (Asana accepts personal access tokens only as `Bearer`). */
export function bearerOf(request: FastifyRequest): string | null {
  const [scheme = '', token = ''] = (request.headers.authorization ?? '').trim().split(/\s+/, 2);
  return scheme.toLowerCase() === 'bearer' && token ? token : null;
}

/** The credential a request carries, for per-credential rate limits: the bearer token, else the raw header. */
export function credentialKey(request: FastifyRequest): string | null {
  return bearerOf(request) ?? (request.headers.authorization?.trim() || null);
}

export type AsHandler = (
  request: FastifyRequest,
  reply: FastifyReply,
  me: AsUser,
) => FastifyReply | Promise<FastifyReply>;

/** Registers one endpoint under /api/1.0 behind Asana's credential check. */
export function asRoute(
  app: FastifyInstance,
  deps: AsDeps,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  handler: AsHandler,
): void {
  const callers = new WeakMap<FastifyRequest, AsUser>();
  app.route({
    method,
    url: `/api/1.0${url}`,
    onRequest: async (request, reply) => {
      const token = bearerOf(request);
      const index = token === null ? undefined : deps.tokens.get(token);
      const user = index === undefined ? undefined : deps.store.world.users[index];
      if (!user) return sendErrors(reply, 401, 'Not Authorized');
      callers.set(request, user);
      return undefined;
    },
    errorHandler: (error: Error & { code?: string; statusCode?: number }, request, reply) => {
      if (error.code?.startsWith('FST_ERR_CTP_') && error.statusCode === 400) {
        void badRequest(reply, 'Could not parse request data, invalid JSON');
        return;
      }
      request.log.error({ err: error }, 'asana fake failed');
      void reply
        .code(500)
        .send({ errors: [{ message: 'Server Error', phrase: '1 broken fake apologizes sincerely' }] });
    },
    handler: async (request, reply) => {
      const me = callers.get(request);
      if (!me) throw new Error('onRequest did not run');
      return handler(request, reply, me);
    },
  });
}

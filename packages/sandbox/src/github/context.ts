import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateState } from '../core/service.ts';
import { DOCS, problemsParsingJson, RATE_DOCS, requestId, sendError, setRateHeaders } from './http.ts';
import type { RateBudget } from './rate.ts';
import type { GithubStore } from './store.ts';
import type { GhUser } from './world.ts';

/** What every GitHub route shares: credentials, the rate budget, request ids, GitHub's error shapes. */

export interface GhDeps {
  store: GithubStore;
  budget: RateBudget;
  /** Accepted tokens and the user index each belongs to. */
  tokens: ReadonlyMap<string, number>;
  /** API base URL without a trailing slash. */
  api: () => string;
  onChange: (change: GhChange) => void;
}

/** A change to an item, for webhook deliveries. */
export interface GhChange {
  event: 'issues' | 'pull_request' | 'issue_comment';
  action: string;
  item: number;
  actor: number;
  label?: number;
  assignee?: number;
  commentId?: number;
  changes?: Record<string, { from: string | null }>;
}

export type Credential =
  { kind: 'none' } | { kind: 'invalid' } | { kind: 'valid'; token: string; user: GhUser };

const AUTHENTICATED_LIMIT = 5000;
const ANONYMOUS_LIMIT = 60;

/** The token a request carries: `token X`, `Bearer X`, or Basic with the token as password. */
export function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  const s = scheme.toLowerCase();
  if (s === 'token' || s === 'bearer') return value;
  if (s === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return value || scheme;
}

export function readCredential(request: FastifyRequest, deps: Pick<GhDeps, 'tokens' | 'store'>): Credential {
  if (!request.headers.authorization) return { kind: 'none' };
  const token = tokenOf(request);
  const index = token === null ? undefined : deps.tokens.get(token);
  const user = index === undefined ? undefined : deps.store.world.users[index];
  return token !== null && user ? { kind: 'valid', token, user } : { kind: 'invalid' };
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  /** Documentation page named in errors of this endpoint. */
  docs: string;
  /** 'user': anonymous callers get 401; 'repo': private repositories answer 404; 'public': anyone. */
  access: 'user' | 'repo' | 'public';
  /** `GET /rate_limit` does not count against the budget. */
  free?: boolean;
}

/** The caller of a request: null only on 'public' routes called without credentials. */
export interface GhCall {
  user: GhUser | null;
  rate: RateState;
}

export type GhHandler = (request: FastifyRequest, reply: FastifyReply, call: GhCall) => FastifyReply;

/** Registers one endpoint with GitHub's credential check, rate accounting and headers in front of it. */
export function ghRoute(app: FastifyInstance, deps: GhDeps, spec: RouteSpec, handler: GhHandler): void {
  const calls = new WeakMap<FastifyRequest, GhCall>();
  app.route({
    method: spec.method,
    url: spec.url,
    onRequest: async (request, reply) => {
      reply.header('x-github-request-id', requestId());
      reply.header('x-github-api-version-selected', '2022-11-28');
      const credential = readCredential(request, deps);
      const key = credential.kind === 'valid' ? `token:${credential.token}` : `ip:${request.ip}`;
      const limit = credential.kind === 'valid' ? AUTHENTICATED_LIMIT : ANONYMOUS_LIMIT;
      let allowed = true;
      let rate: RateState;
      if (request.sandboxRate) rate = request.sandboxRate;
      else if (spec.free) rate = deps.budget.peek(key, limit);
      else {
        const counted = deps.budget.consume(key, limit);
        rate = counted.state;
        allowed = counted.allowed;
      }
      setRateHeaders(reply, rate);
      if (credential.kind === 'invalid') return sendError(reply, 401, 'Bad credentials', DOCS);
      if (!allowed) {
        const who = credential.kind === 'valid' ? `user ID ${credential.user.id}` : request.ip;
        return sendError(reply, 403, `API rate limit exceeded for ${who}.`, RATE_DOCS);
      }
      if (credential.kind === 'none') {
        if (spec.access === 'user') return sendError(reply, 401, 'Requires authentication', spec.docs);
        // The organization's repositories are private: to a stranger they do not exist.
        if (spec.access === 'repo') return sendError(reply, 404, 'Not Found', spec.docs);
      }
      calls.set(request, { user: credential.kind === 'valid' ? credential.user : null, rate });
      return undefined;
    },
    errorHandler: (error: Error & { code?: string; statusCode?: number }, request, reply) => {
      if (error.code?.startsWith('FST_ERR_CTP_') && error.statusCode === 400) {
        void problemsParsingJson(reply, spec.docs);
        return;
      }
      // Our own failure: GitHub's generic 500, with the details only in the log.
      request.log.error({ err: error }, 'github fake failed');
      void reply.code(500).type('application/json; charset=utf-8').send({ message: 'Server Error' });
    },
    handler: (request, reply) => {
      const call = calls.get(request);
      if (!call) throw new Error('onRequest did not run');
      return handler(request, reply, call);
    },
  });
}

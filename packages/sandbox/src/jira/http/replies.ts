import type { FastifyReply } from 'fastify';
import type { RateState } from '../../core/service.ts';
import type { JiraFailure } from '../failure.ts';

export function sendFailure(reply: FastifyReply, f: JiraFailure): FastifyReply {
  return reply.code(f.status).send({ errorMessages: f.errorMessages, errors: f.errors });
}

/** Jira Cloud's answer to bad credentials (from its edge, not the REST layer: hence the different body). */
export function sendBadCredentials(reply: FastifyReply): FastifyReply {
  return reply
    .code(401)
    .header('x-seraph-loginreason', 'AUTHENTICATED_FAILED')
    .send({ message: 'Client must be authenticated to access this resource.', 'status-code': 401 });
}

export function sendAnonymous(reply: FastifyReply): FastifyReply {
  return reply.code(401).send({
    errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
    errors: {},
  });
}

/** `yyyy-MM-ddTHH:mmZ`, the format of Jira's `X-RateLimit-Reset`. */
function resetHeader(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 16)}Z`;
}

/** 429 as Jira Cloud sends it: `Retry-After` in seconds plus the `X-RateLimit-*` and `RateLimit-Reason` headers. */
export function sendRateLimited(
  reply: FastifyReply,
  retryAfterSeconds: number,
  state: RateState,
): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .header('x-ratelimit-limit', String(state.limit))
    .header('x-ratelimit-remaining', String(state.remaining))
    .header('x-ratelimit-reset', resetHeader(state.resetAt))
    .header('ratelimit-reason', 'jira-burst-based')
    .send({ errorMessages: ['Rate limit exceeded.'], errors: {} });
}

export function sendServerError(reply: FastifyReply, status: 500 | 502 | 503): FastifyReply {
  if (status === 503) reply.header('retry-after', '5');
  const message =
    status === 500 ? 'Internal server error' : status === 502 ? 'Bad Gateway' : 'Service Unavailable';
  return reply.code(status).send({ errorMessages: [message], errors: {} });
}

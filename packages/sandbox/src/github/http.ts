import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateState } from '../core/service.ts';

/** GitHub's answers that are not data: errors, rate-limit headers, `link` pagination. */

export const DOCS = 'https://docs.github.com/rest';
export const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

/** A request id in GitHub's `x-github-request-id` shape. */
export function requestId(): string {
  const hex = randomBytes(14).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 9)}:${hex.slice(9, 16)}:${hex.slice(16, 23)}:${hex.slice(23, 28)}`;
}

export function sendError(
  reply: FastifyReply,
  status: number,
  message: string,
  documentationUrl = DOCS,
): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ message, documentation_url: documentationUrl, status: String(status) });
}

export function notFound(reply: FastifyReply, documentationUrl = DOCS): FastifyReply {
  return sendError(reply, 404, 'Not Found', documentationUrl);
}

export interface FieldError {
  resource: string;
  field?: string;
  code: 'missing_field' | 'invalid' | 'missing' | 'already_exists' | 'unprocessable' | 'custom';
  value?: string | number | null;
  message?: string;
}

export function validationFailed(
  reply: FastifyReply,
  errors: FieldError[],
  documentationUrl = DOCS,
): FastifyReply {
  return reply
    .code(422)
    .type('application/json; charset=utf-8')
    .send({ message: 'Validation Failed', errors, documentation_url: documentationUrl, status: '422' });
}

export function problemsParsingJson(reply: FastifyReply, documentationUrl = DOCS): FastifyReply {
  return sendError(reply, 400, 'Problems parsing JSON', documentationUrl);
}

export function setRateHeaders(reply: FastifyReply, state: RateState): void {
  reply.header('x-ratelimit-limit', String(state.limit));
  reply.header('x-ratelimit-remaining', String(Math.max(0, state.remaining)));
  reply.header('x-ratelimit-used', String(state.used));
  reply.header('x-ratelimit-reset', String(state.resetAt));
  reply.header('x-ratelimit-resource', 'core');
}

/** Reads a JSON request body that GitHub accepts whatever its content type; null when it does not parse. */
export function jsonBody(request: FastifyRequest): { ok: true; value: unknown } | { ok: false } {
  const body: unknown = request.body;
  if (typeof body !== 'string') return { ok: true, value: body ?? {} };
  if (body.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The `link` header of a page: the same URL with `page` replaced, rel prev/next/last/first as GitHub orders them.
 * Empty when everything fits on one page.
 */
export function linkHeader(requestUrl: string, page: number, perPage: number, total: number): string | null {
  const last = Math.max(1, Math.ceil(total / perPage));
  if (last === 1 && page === 1) return null;
  const at = (p: number): string => {
    const url = new URL(requestUrl);
    url.searchParams.set('page', String(p));
    return `<${url.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) {
    parts.push(`${at(page + 1)}; rel="next"`);
    parts.push(`${at(last)}; rel="last"`);
  }
  if (page > 1) parts.push(`${at(1)}; rel="first"`);
  return parts.join(', ');
}

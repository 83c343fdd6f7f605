import { randomInt } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Asana's answers that are not data: `{"errors": [...]}` bodies and request-body reading. */

export const HELP =
  'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors';

export function sendErrors(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=UTF-8')
    .send({ errors: [{ message, help: HELP }] });
}

export const badRequest = (reply: FastifyReply, message: string): FastifyReply =>
  sendErrors(reply, 400, message);
export const notFound = (reply: FastifyReply, message: string): FastifyReply =>
  sendErrors(reply, 404, message);

const ADJECTIVES = ['sad', 'happy', 'tiny', 'brave', 'quiet', 'lucky', 'fuzzy', 'grumpy'] as const;
const NOUNS = ['squid', 'otters', 'pandas', 'llamas', 'moths', 'herons', 'lemurs', 'yaks'] as const;
const VERBS = ['snuggle', 'juggle', 'wander', 'giggle', 'hop', 'dance', 'ponder', 'sing'] as const;
const ADVERBS = ['softly', 'boldly', 'gently', 'wildly', 'slowly', 'quickly', 'calmly', 'oddly'] as const;

/** Asana's 5xx error phrase (node-asana-phrase style), which support uses to find the incident. */
export function errorPhrase(): string {
  const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)] as T;
  return `${randomInt(2, 30)} ${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(VERBS)} ${pick(ADVERBS)}`;
}

/** The `data` object of a request body (JSON `{"data": {...}}` or a form body); a message when it is unusable. */
export function bodyData(
  request: FastifyRequest,
): { ok: true; data: Record<string, unknown> } | { ok: false; message: string } {
  let body: unknown = request.body;
  if (typeof body === 'string') {
    const type = request.headers['content-type'] ?? '';
    if (type.startsWith('application/x-www-form-urlencoded')) {
      return { ok: true, data: Object.fromEntries(new URLSearchParams(body)) };
    }
    if (body.trim() === '') body = {};
    else {
      try {
        body = JSON.parse(body) as unknown;
      } catch {
        return { ok: false, message: 'Could not parse request data, invalid JSON' };
      }
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'data: Missing input' };
  const data = (body as Record<string, unknown>).data;
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, message: 'data: Missing input' };
  return { ok: true, data: data as Record<string, unknown> };
}

/** A query parameter as a string (the first one when repeated). */
export function queryValue(request: FastifyRequest, key: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[key];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Asana refuses ids that are not numbers before looking anything up. */
export function isGidShaped(value: string): boolean {
  return /^\d{1,19}$/.test(value);
}

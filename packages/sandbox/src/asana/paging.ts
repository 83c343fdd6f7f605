import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { queryValue } from './http.ts';

/**
 * Asana's offset pagination: only when `limit` (1–100) is sent; `next_page` holds an opaque offset token and the
 * path and URI of the next page, and is null on the last page. A token remembers the position key of the last
 * item served (not a count), so items added or removed meanwhile do not shift the pages.
 */

export const API_PREFIX = '/api/1.0';
/** Unpaginated answers larger than this are refused, as Asana refuses them. */
export const UNPAGINATED_MAX = 1000;

export interface Paging {
  limit: number | null;
  /** Position key of the last item of the previous page; null on the first page. */
  after: number | null;
  /** Identifies the query a token belongs to. */
  scope: string;
}

export interface NextPage {
  offset: string;
  path: string;
  uri: string;
}

function checksum(key: string, payload: string): string {
  return createHash('sha256').update(`${key}:${payload}`).digest('base64url').slice(0, 16);
}

/** The query a token is valid for: the path and its filters, whatever their order and the paging parameters. */
function scopeOf(request: FastifyRequest): string {
  const url = new URL(request.url, 'http://x');
  const params = [...url.searchParams.entries()]
    .filter(([k]) => k !== 'offset' && k !== 'limit' && k !== 'opt_fields' && k !== 'opt_pretty')
    .sort(([a], [b]) => a.localeCompare(b));
  return `${url.pathname}?${new URLSearchParams(params).toString()}`;
}

export function parsePaging(
  request: FastifyRequest,
  tokenKey: string,
): { ok: true; paging: Paging } | { ok: false; message: string } {
  const scope = scopeOf(request);
  const limitRaw = queryValue(request, 'limit');
  let limit: number | null = null;
  if (limitRaw !== undefined) {
    limit = /^\d+$/.test(limitRaw) ? Number(limitRaw) : Number.NaN;
    if (!(limit >= 1 && limit <= 100)) return { ok: false, message: 'limit: Must be between 1 and 100' };
  }
  const offset = queryValue(request, 'offset');
  if (offset === undefined) return { ok: true, paging: { limit, after: null, scope } };
  const [payload = '', sum = ''] = offset.split('.');
  const decoded = Buffer.from(payload, 'base64url').toString('utf8');
  const match = /^(\d+):(.*)$/s.exec(decoded);
  if (!match || checksum(tokenKey, payload) !== sum || match[2] !== scope) {
    return { ok: false, message: 'offset: Your pagination token is invalid or has expired.' };
  }
  return { ok: true, paging: { limit, after: Number(match[1]), scope } };
}

export function offsetToken(tokenKey: string, scope: string, lastKey: number): string {
  const payload = Buffer.from(`${lastKey}:${scope}`).toString('base64url');
  return `${payload}.${checksum(tokenKey, payload)}`;
}

export function nextPage(request: FastifyRequest, base: string, token: string): NextPage {
  const url = new URL(request.url, 'http://x');
  url.searchParams.set('offset', token);
  const path = `${url.pathname.replace(API_PREFIX, '')}?${url.searchParams.toString()}`;
  return { offset: token, path, uri: `${base}${API_PREFIX}${path}` };
}

/**
 * One page of an ordered list of `{key, value}` positions (keys ascending): the items after `paging.after`, up
 * to the limit, and the key to continue from when more follow.
 */
export function pageOf<T>(
  items: Iterable<{ key: number; value: T }>,
  paging: Paging,
): { page: T[]; lastKey: number | null; tooLarge: boolean } {
  const page: T[] = [];
  const limit = paging.limit ?? UNPAGINATED_MAX;
  let lastOnPage = 0;
  for (const { key, value } of items) {
    if (paging.after !== null && key <= paging.after) continue;
    if (page.length === limit) {
      // One more item exists: with a limit it is on the next page; without one the answer is too large.
      return paging.limit === null
        ? { page, lastKey: null, tooLarge: true }
        : { page, lastKey: lastOnPage, tooLarge: false };
    }
    page.push(value);
    lastOnPage = key;
  }
  return { page, lastKey: null, tooLarge: false };
}

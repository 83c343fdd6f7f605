import type { FastifyReply, FastifyRequest } from 'fastify';
import { linkHeader } from '../http.ts';
import type { GithubStore } from '../store.ts';
import { FLAG } from '../table.ts';
import type { GhRepo } from '../world.ts';

/** Small helpers the GitHub routes share: path and query parameters, page answers. */

export type Params = Record<string, string | undefined>;

/** One query parameter as a string (the first when repeated), or undefined. */
export function queryValue(request: FastifyRequest, key: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[key];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** The repository named by `{owner}/{repo}` (GitHub matches names case-insensitively). */
export function repoOfRequest(store: GithubStore, request: FastifyRequest): GhRepo | undefined {
  const { owner = '', repo = '' } = request.params as Params;
  if (owner.toLowerCase() !== store.world.org.login) return undefined;
  const name = repo.toLowerCase();
  return store.world.repos.find((r) => r.name === name);
}

export type ItemLookup =
  { kind: 'found'; repo: GhRepo; item: number } | { kind: 'missing' } | { kind: 'deleted' };

/** The item named by `{owner}/{repo}/.../{number}`: GitHub answers 404 for unknown and 410 for deleted ones. */
export function itemOfRequest(store: GithubStore, request: FastifyRequest, param: string): ItemLookup {
  const repo = repoOfRequest(store, request);
  const raw = (request.params as Params)[param] ?? '';
  if (!repo || !/^\d+$/.test(raw)) return { kind: 'missing' };
  const item = store.byNumber[repo.index]?.[Number(raw) - 1];
  if (item === undefined) return { kind: 'missing' };
  if (store.table.has(item, FLAG.deleted)) return { kind: 'deleted' };
  return { kind: 'found', repo, item };
}

/** `page` and `per_page` as GitHub reads them: per_page defaults to 30 and is capped at 100. */
export function pageParams(request: FastifyRequest): { page: number; perPage: number } {
  const perPageRaw = Number.parseInt(queryValue(request, 'per_page') ?? '', 10);
  const pageRaw = Number.parseInt(queryValue(request, 'page') ?? '', 10);
  const perPage = Number.isFinite(perPageRaw) && perPageRaw > 0 ? Math.min(100, perPageRaw) : 30;
  const page = Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  return { page, perPage };
}

/** Sends one page of a list with its `link` header (the only place GitHub puts pagination). */
export function sendPage(
  reply: FastifyReply,
  request: FastifyRequest,
  api: string,
  paging: { page: number; perPage: number; total: number },
  body: unknown[],
): FastifyReply {
  const link = linkHeader(`${api}${request.url}`, paging.page, paging.perPage, paging.total);
  if (link) reply.header('link', link);
  return reply.type('application/json; charset=utf-8').send(body);
}

/** Parses an ISO 8601 timestamp to epoch seconds; null when it is not one. */
export function parseTimestamp(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

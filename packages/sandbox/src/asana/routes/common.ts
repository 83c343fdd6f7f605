import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AsDeps } from '../context.ts';
import { parseOptFields, project, type FieldTree, type Resolve } from '../fields.ts';
import { badRequest, isGidShaped, notFound } from '../http.ts';
import { nextPage, offsetToken, pageOf, parsePaging, type Paging } from '../paging.ts';
import { projectFull, sectionFull, taskFull, teamCompact, userFull, workspaceFull } from '../render.ts';
import { isLive } from '../store.ts';
import { parseGid } from '../world.ts';

/** What the Asana routes share: `{"data": ...}` answers, opt_fields views, collections with offset paging. */

export function fieldsOf(request: FastifyRequest): FieldTree | null {
  const raw = (request.query as Record<string, string | string[] | undefined> | undefined)?.opt_fields;
  return parseOptFields(raw);
}

/** Looks up the full record behind a nested compact, for dotted opt_fields. */
export function resolver(deps: AsDeps): Resolve {
  const { store } = deps;
  return (type, id) => {
    switch (type) {
      case 'user': {
        const i = parseGid.user(id);
        return i === undefined ? undefined : userFull(store, i);
      }
      case 'project': {
        const p = store.world.projects[parseGid.project(id) ?? -1];
        return p ? projectFull(store, p) : undefined;
      }
      case 'section': {
        const s = parseGid.section(id);
        return s ? sectionFull(store, s.project, s.section) : undefined;
      }
      case 'task': {
        const g = parseGid.task(id);
        return g !== undefined && isLive(store, g) ? taskFull(store, g) : undefined;
      }
      case 'workspace':
        return workspaceFull(store);
      case 'team': {
        const i = parseGid.team(id);
        return i !== undefined && store.world.teams[i] ? teamCompact(store, i) : undefined;
      }
      default:
        return undefined;
    }
  };
}

/** A record as asked: the default view without opt_fields, else the full record projected. */
export function view<T>(
  deps: AsDeps,
  fields: FieldTree | null,
  value: T,
  byDefault: (v: T) => unknown,
  full: (v: T) => unknown,
): unknown {
  return fields === null ? byDefault(value) : project(full(value), fields, resolver(deps));
}

export function sendData(reply: FastifyReply, data: unknown, status = 200): FastifyReply {
  return reply.code(status).type('application/json; charset=UTF-8').send({ data });
}

/** A collection: all of it without `limit` (refused past Asana's size), one page and `next_page` with it. */
export function sendCollection<T>(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: AsDeps,
  entries: Iterable<{ key: number; value: T }>,
  render: (value: T) => unknown,
): FastifyReply {
  const parsed = parsePaging(request, deps.store.tokenKey);
  if (!parsed.ok) return badRequest(reply, parsed.message);
  return sendPage(reply, request, deps, entries, parsed.paging, render);
}

export function sendPage<T>(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: AsDeps,
  entries: Iterable<{ key: number; value: T }>,
  paging: Paging,
  render: (value: T) => unknown,
): FastifyReply {
  const { page, lastKey, tooLarge } = pageOf(entries, paging);
  if (tooLarge)
    return badRequest(
      reply,
      'The result is too large. You should use pagination (may require specifying a workspace)!',
    );
  const body: Record<string, unknown> = { data: page.map(render) };
  if (paging.limit !== null) {
    body.next_page =
      lastKey === null
        ? null
        : nextPage(request, deps.base(), offsetToken(deps.store.tokenKey, paging.scope, lastKey));
  }
  return reply.type('application/json; charset=UTF-8').send(body);
}

/** Entries of a plain array, keyed by position. */
export function* indexed<T>(values: readonly T[]): Generator<{ key: number; value: T }> {
  for (let i = 0; i < values.length; i++) yield { key: i, value: values[i] as T };
}

/** Resolves a gid from a path or body: 400 when it is not an id, 404 when nothing has it. */
export function lookup<T>(
  reply: FastifyReply,
  name: string,
  value: unknown,
  find: (gid: string) => T | undefined,
): { ok: true; value: T } | { ok: false; reply: FastifyReply } {
  if (typeof value !== 'string' || value === '')
    return { ok: false, reply: badRequest(reply, `${name}: Missing input`) };
  if (!isGidShaped(value))
    return { ok: false, reply: badRequest(reply, `${name}: Not a recognized ID: ${value}`) };
  const found = find(value);
  if (found === undefined) return { ok: false, reply: notFound(reply, `${name}: Unknown object: ${value}`) };
  return { ok: true, value: found };
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { ghRoute, type GhDeps } from '../context.ts';
import { jsonBody, notFound, problemsParsingJson, sendError, validationFailed } from '../http.ts';
import { commentJson, eventJson, timelineCommentJson } from '../render-events.ts';
import { createCommentBody, parseBody } from '../schemas.ts';
import { detailsOf } from '../store.ts';
import { addComment } from '../writes.ts';
import {
  itemOfRequest,
  pageParams,
  parseTimestamp,
  queryValue,
  sendPage,
  type ItemLookup,
} from './common.ts';

/** Comments, events and the timeline of an issue or pull request. */

const DOCS = {
  comments: 'https://docs.github.com/rest/issues/comments#list-issue-comments',
  createComment: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
  events: 'https://docs.github.com/rest/issues/events#list-issue-events',
  timeline: 'https://docs.github.com/rest/issues/timeline#list-timeline-events-for-an-issue',
};

function refuse(
  reply: FastifyReply,
  found: Exclude<ItemLookup, { kind: 'found' }>,
  docs: string,
): FastifyReply {
  return found.kind === 'deleted'
    ? sendError(reply, 410, 'This issue was deleted', docs)
    : notFound(reply, docs);
}

export function registerActivityRoutes(app: FastifyInstance, deps: GhDeps): void {
  const { store } = deps;
  const base = '/repos/:owner/:repo/issues/:number';

  ghRoute(
    app,
    deps,
    { method: 'GET', url: `${base}/comments`, docs: DOCS.comments, access: 'repo' },
    (request, reply) => {
      const found = itemOfRequest(store, request, 'number');
      if (found.kind !== 'found') return refuse(reply, found, DOCS.comments);
      const sinceRaw = queryValue(request, 'since');
      const since = sinceRaw === undefined ? null : parseTimestamp(sinceRaw);
      if (sinceRaw !== undefined && since === null) {
        return validationFailed(
          reply,
          [{ resource: 'IssueComment', field: 'since', code: 'invalid', value: sinceRaw }],
          DOCS.comments,
        );
      }
      const all = detailsOf(store, found.item).comments.filter((c) => since === null || c.updatedAt >= since);
      const { page, perPage } = pageParams(request);
      const api = deps.api();
      const body = all
        .slice((page - 1) * perPage, page * perPage)
        .map((c) => commentJson(api, store, found.item, c));
      return sendPage(reply, request, api, { page, perPage, total: all.length }, body);
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'POST', url: `${base}/comments`, docs: DOCS.createComment, access: 'repo' },
    (request, reply, call) => {
      const found = itemOfRequest(store, request, 'number');
      if (found.kind !== 'found') return refuse(reply, found, DOCS.createComment);
      const raw = jsonBody(request);
      if (!raw.ok) return problemsParsingJson(reply, DOCS.createComment);
      const parsed = parseBody(createCommentBody, raw.value, 'IssueComment');
      if (!parsed.ok) return validationFailed(reply, parsed.errors, DOCS.createComment);
      const comment = addComment(deps, found.item, call.user?.index ?? 0, parsed.value.body);
      const json = commentJson(deps.api(), store, found.item, comment);
      reply.header('location', json.url);
      return reply.code(201).send(json);
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'GET', url: `${base}/events`, docs: DOCS.events, access: 'repo' },
    (request, reply) => {
      const found = itemOfRequest(store, request, 'number');
      if (found.kind !== 'found') return refuse(reply, found, DOCS.events);
      const events = detailsOf(store, found.item).events;
      const { page, perPage } = pageParams(request);
      const api = deps.api();
      const body = events
        .slice((page - 1) * perPage, page * perPage)
        .map((e) => eventJson(api, store, found.item, e, false));
      return sendPage(reply, request, api, { page, perPage, total: events.length }, body);
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'GET', url: `${base}/timeline`, docs: DOCS.timeline, access: 'repo' },
    (request, reply) => {
      const found = itemOfRequest(store, request, 'number');
      if (found.kind !== 'found') return refuse(reply, found, DOCS.timeline);
      const { events, comments } = detailsOf(store, found.item);
      // Events and comments in time order; at equal times the event comes first, as it was recorded first.
      const entries = [
        ...events.map((e) => ({
          at: e.at,
          order: 0,
          id: e.id,
          render: (api: string) => eventJson(api, store, found.item, e, true),
        })),
        ...comments.map((c) => ({
          at: c.at,
          order: 1,
          id: c.id,
          render: (api: string) => timelineCommentJson(api, store, found.item, c),
        })),
      ].sort((a, b) => a.at - b.at || a.order - b.order || a.id - b.id);
      const { page, perPage } = pageParams(request);
      const api = deps.api();
      const body = entries.slice((page - 1) * perPage, page * perPage).map((e) => e.render(api));
      return sendPage(reply, request, api, { page, perPage, total: entries.length }, body);
    },
  );
}

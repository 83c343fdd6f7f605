import type { FastifyInstance } from 'fastify';
import { commentsOf, historiesOf } from '../data/derive.ts';
import { historyJson } from '../render/changelog.ts';
import { commentJson } from '../render/comment.ts';
import { commentOnIssue } from '../writes/issue-writes.ts';
import { intParam, issueParam, writeContext, type JiraContext } from './context.ts';
import { sendFailure } from './replies.ts';

export function registerCommentRoutes(app: FastifyInstance, ctx: JiraContext): void {
  app.get('/rest/api/3/issue/:issueIdOrKey/comment', (request, reply) => {
    const i = issueParam(ctx, request, reply);
    if (i === null) return reply;
    const q = request.query as Record<string, unknown>;
    const startAt = intParam(q.startAt, 0, Number.MAX_SAFE_INTEGER);
    const maxResults = intParam(q.maxResults, 100, 100);
    const all = commentsOf(ctx.store, i);
    if (q.orderBy === '-created' || q.orderBy === '-updated') all.reverse();
    const id = ctx.store.issueId(i);
    const refs = ctx.refs();
    return reply.send({
      startAt,
      maxResults,
      total: all.length,
      comments: all.slice(startAt, startAt + maxResults).map((c) => commentJson(refs, id, c)),
    });
  });

  app.post('/rest/api/3/issue/:issueIdOrKey/comment', (request, reply) => {
    const i = issueParam(ctx, request, reply);
    if (i === null) return reply;
    const result = commentOnIssue(writeContext(ctx, request), i, request.body);
    if (!result.ok) return sendFailure(reply, result.failure);
    return reply.code(201).send(commentJson(ctx.refs(), ctx.store.issueId(i), result.value));
  });

  // The whole changelog, oldest first, paged with startAt/maxResults (at most 100 a page).
  app.get('/rest/api/3/issue/:issueIdOrKey/changelog', (request, reply) => {
    const i = issueParam(ctx, request, reply);
    if (i === null) return reply;
    const q = request.query as Record<string, unknown>;
    const startAt = intParam(q.startAt, 0, Number.MAX_SAFE_INTEGER);
    const maxResults = Math.max(1, intParam(q.maxResults, 100, 100));
    const all = historiesOf(ctx.store, i);
    const refs = ctx.refs();
    const self = `${refs.base}/rest/api/3/issue/${ctx.store.issueKey(i)}/changelog`;
    const isLast = startAt + maxResults >= all.length;
    return reply.send({
      self: `${self}?maxResults=${maxResults}&startAt=${startAt}`,
      ...(isLast ? {} : { nextPage: `${self}?maxResults=${maxResults}&startAt=${startAt + maxResults}` }),
      maxResults,
      startAt,
      total: all.length,
      isLast,
      values: all.slice(startAt, startAt + maxResults).map((h) => historyJson(refs, h)),
    });
  });
}

import type { FastifyInstance } from 'fastify';
import { listParam, parseFields, renderIssue } from '../render/issue.ts';
import { transitionsJson } from '../render/transitions.ts';
import { createIssue, deleteIssue } from '../writes/create-delete.ts';
import { assignIssue, editIssue, transitionIssue } from '../writes/issue-writes.ts';
import { issueParam, renderContext, writeContext, type JiraContext } from './context.ts';
import { sendFailure } from './replies.ts';

/** Changelog entries `GET /issue/{key}?expand=changelog` inlines. */
export const ISSUE_CHANGELOG_LIMIT = 100;

export function registerIssueRoutes(app: FastifyInstance, ctx: JiraContext): void {
  app.get('/rest/api/3/issue/:issueIdOrKey', (request, reply) => {
    const i = issueParam(ctx, request, reply);
    if (i === null) return reply;
    const q = request.query as Record<string, unknown>;
    const shape = {
      ...parseFields(listParam(q.fields), '*all'),
      expand: new Set(listParam(q.expand)),
      changelogLimit: ISSUE_CHANGELOG_LIMIT,
    };
    // GET issue always answers the full issue frame, even when no field survives the selection.
    const issue = renderIssue(renderContext(ctx), i, { ...shape, idOnly: false });
    return reply.send(issue);
  });

  app.put('/rest/api/3/issue/:issueIdOrKey', (request, reply) => {
    const i = issueParam(ctx, request, reply);
    if (i === null) return reply;
    const result = editIssue(writeContext(ctx, request), i, request.body);
    if (!result.ok) return sendFailure(reply, result.failure);
    const q = request.query as Record<string, unknown>;
    if (q.returnIssue === 'true') {
      const shape = {
        ...parseFields([], '*all'),
        expand: new Set(listParam(q.expand)),
        changelogLimit: ISSUE_CHANGELOG_LIMIT,
      };
      return reply.code(200).send(renderIssue(renderContext(ctx), i, shape));
    }
    return reply.code(204).send();
  });

  app.delete('/rest/api/3/issue/:issueIdOrKey', (request, reply) => {
    const i = issueParam(ctx, request, reply);
    if (i === null) return reply;
    const q = request.query as Record<string, unknown>;
    const result = deleteIssue(writeContext(ctx, request), i, q.deleteSubtasks === 'true');
    if (!result.ok) return sendFailure(reply, result.failure);
    return reply.code(204).send();
  });

  app.post('/rest/api/3/issue', (request, reply) => {
    const result = createIssue(writeContext(ctx, request), request.body);
    if (!result.ok) return sendFailure(reply, result.failure);
    const id = ctx.store.issueId(result.value);
    return reply
      .code(201)
      .send({ id, key: ctx.store.issueKey(result.value), self: `${ctx.refs().base}/rest/api/3/issue/${id}` });
  });

  app.get('/rest/api/3/issue/:issueIdOrKey/transitions', (request, reply) => {
    const i = issueParam(ctx, request, reply);
    if (i === null) return reply;
    return reply.send({ expand: 'transitions', transitions: transitionsJson(renderContext(ctx), i) });
  });

  app.post('/rest/api/3/issue/:issueIdOrKey/transitions', (request, reply) => {
    const i = issueParam(ctx, request, reply);
    if (i === null) return reply;
    const result = transitionIssue(writeContext(ctx, request), i, request.body);
    if (!result.ok) return sendFailure(reply, result.failure);
    return reply.code(204).send();
  });

  app.put('/rest/api/3/issue/:issueIdOrKey/assignee', (request, reply) => {
    const i = issueParam(ctx, request, reply);
    if (i === null) return reply;
    const result = assignIssue(writeContext(ctx, request), i, request.body);
    if (!result.ok) return sendFailure(reply, result.failure);
    return reply.code(204).send();
  });
}

import type { FastifyInstance } from 'fastify';
import { DeleteBodySchema, RegisterBodySchema } from '../webhooks.ts';
import { actorOf, intParam, type JiraContext } from './context.ts';
import { sendFailure } from './replies.ts';

export function registerWebhookRoutes(app: FastifyInstance, ctx: JiraContext): void {
  app.post('/rest/api/3/webhook', (request, reply) => {
    const parsed = RegisterBodySchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendFailure(reply, {
        status: 400,
        errorMessages: [`Invalid request: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim()],
        errors: {},
      });
    }
    const results = ctx.webhooks.register(parsed.data, actorOf(ctx, request), ctx.nowMs());
    return reply.send({ webhookRegistrationResult: results });
  });

  app.get('/rest/api/3/webhook', (request) => {
    const q = request.query as Record<string, unknown>;
    const startAt = intParam(q.startAt, 0, Number.MAX_SAFE_INTEGER);
    const maxResults = Math.max(1, intParam(q.maxResults, 100, 100));
    const all = ctx.webhooks.list();
    return {
      maxResults,
      startAt,
      total: all.length,
      isLast: startAt + maxResults >= all.length,
      values: all.slice(startAt, startAt + maxResults).map((r) => ({
        id: r.id,
        jqlFilter: r.jqlFilter,
        ...(r.fieldIdsFilter === null ? {} : { fieldIdsFilter: r.fieldIdsFilter }),
        events: r.events,
        expirationDate: r.expirationDate,
        url: r.url,
      })),
    };
  });

  app.delete('/rest/api/3/webhook', (request, reply) => {
    const parsed = DeleteBodySchema.safeParse(request.body);
    if (!parsed.success)
      return sendFailure(reply, {
        status: 400,
        errorMessages: ['webhookIds must be a list of webhook ids.'],
        errors: {},
      });
    ctx.webhooks.remove(parsed.data.webhookIds);
    return reply.code(202).send();
  });

  app.put('/rest/api/3/webhook/refresh', (request, reply) => {
    const parsed = DeleteBodySchema.safeParse(request.body);
    if (!parsed.success)
      return sendFailure(reply, {
        status: 400,
        errorMessages: ['webhookIds must be a list of webhook ids.'],
        errors: {},
      });
    return reply.send({ expirationDate: ctx.webhooks.refresh(parsed.data.webhookIds, ctx.nowMs()) });
  });
}

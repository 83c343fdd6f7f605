import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { FaultConfigSchema } from './fault-config.ts';
import type { FaultInjector } from './fault-injector.ts';
import type { RequestStats } from './request-stats.ts';
import type { MutationCommand, SandboxService } from './service.ts';
import type { WebhookDispatcher } from './webhook-delivery.ts';

export const MutationCommandSchema = z
  .object({
    action: z.enum(['touch', 'create', 'delete']),
    count: z.number().int().min(1).max(10_000),
  })
  .strict() satisfies z.ZodType<MutationCommand>;

export interface AdminDeps {
  service: SandboxService;
  injector: FaultInjector;
  stats: RequestStats;
  webhooks: WebhookDispatcher;
}

function badRequest(reply: FastifyReply, issues: z.core.$ZodIssue[]): FastifyReply {
  return reply.code(400).send({
    error: 'invalid_request',
    issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/**
 * The sandbox's own API on each service port, under `/_sandbox/` (and `/_sandbox/{service}/` as an alias).
 * Faults never apply here and these requests are not counted.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { service, injector, stats, webhooks } = deps;
  for (const prefix of ['/_sandbox', `/_sandbox/${service.name}`]) {
    app.get(`${prefix}/faults`, () => injector.config);

    app.put(`${prefix}/faults`, (request, reply) => {
      const parsed = FaultConfigSchema.safeParse(request.body ?? {});
      if (!parsed.success) return badRequest(reply, parsed.error.issues);
      return injector.configure(parsed.data);
    });

    app.post(`${prefix}/mutate`, (request, reply) => {
      const parsed = MutationCommandSchema.safeParse(request.body);
      if (!parsed.success) return badRequest(reply, parsed.error.issues);
      return service.mutate(parsed.data);
    });

    app.get(`${prefix}/stats`, () => ({
      service: service.name,
      data: service.stats(),
      requests: stats.snapshot(),
      faults: injector.faultCounts(),
      webhooks: webhooks.counts(),
    }));

    app.post(`${prefix}/reset-counters`, (_request, reply) => {
      stats.reset();
      injector.resetCounts();
      webhooks.resetCounts();
      return reply.code(204).send();
    });
  }
}

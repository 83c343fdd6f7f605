import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Registry } from 'prom-client';

/** A named readiness check: resolves to 'ok', or to a short reason (never an internal error message). */
export type ReadinessCheck = () => Promise<string>;

/**
 * `/health`: the process is up. `/ready`: every dependency answers (503 otherwise, with which one failed).
 * `/metrics`: Prometheus text of the process registry.
 */
export const healthPlugin = fp(
  (app: FastifyInstance, options: { checks: Record<string, ReadinessCheck>; registry: Registry }) => {
    app.get('/health', async () => ({ status: 'ok' }));

    app.get('/ready', async (_request, reply) => {
      const entries = await Promise.all(
        Object.entries(options.checks).map(async ([name, check]) => {
          try {
            return [name, await check()] as const;
          } catch {
            return [name, 'unreachable'] as const;
          }
        }),
      );
      const checks = Object.fromEntries(entries);
      const ready = entries.every(([, result]) => result === 'ok');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    });

    app.get('/metrics', async (_request, reply) =>
      reply.type(options.registry.contentType).send(await options.registry.metrics()),
    );
  },
  { name: 'health' },
);

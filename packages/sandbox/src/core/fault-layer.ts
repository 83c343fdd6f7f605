import type { FastifyInstance } from 'fastify';
import type { FaultInjector } from './fault-injector.ts';
import type { Holds } from './holds.ts';
import type { SandboxService } from './service.ts';

/** Requests under this prefix (the sandbox's own admin API) never see faults. */
export const ADMIN_PREFIX = '/_sandbox/';

/**
 * Wraps every request of a service port with the configured faults: latency, per-credential rate limit,
 * 5xx answers, held-then-dropped requests (timeouts) and connection resets.
 */
export function installFaultLayer(
  app: FastifyInstance,
  service: SandboxService,
  injector: FaultInjector,
  holds: Holds,
): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(ADMIN_PREFIX)) return;
    const decision = injector.decide(service.credentialOf(request));
    request.sandboxRate = decision.rate;
    const socket = request.raw.socket;
    if (decision.delayMs > 0) {
      const gone = await holds.wait(decision.delayMs, socket);
      if (gone) {
        reply.hijack();
        socket.destroy();
        return reply;
      }
    }
    switch (decision.kind) {
      case 'pass':
        return;
      case 'rateLimited':
        return service.sendRateLimited(reply, decision.retryAfterSeconds, decision.rate);
      case 'serverError':
        return service.sendServerError(reply, decision.status);
      case 'timeout':
        reply.hijack();
        await holds.wait(decision.holdMs, socket);
        socket.destroy();
        return reply;
      case 'reset':
        reply.hijack();
        // A TCP RST, as a crashed proxy would send; plain destroy() where the platform lacks it.
        if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
        return reply;
    }
  });
}

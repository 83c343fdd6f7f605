import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { httpStatusOf } from '../../http/error-response.ts';
import { callerOf } from '../../http/plugins/auth.ts';
import { visibleTools } from '../create-mcp-server.ts';
import { runTool } from '../run-tool.ts';
import type { McpTransportOptions } from './mcp-transport-options.ts';

const invokeBody = z.strictObject({
  name: z.string().min(1).max(128),
  arguments: z.record(z.string(), z.unknown()).optional(),
});

/**
 * The plan's REST fallback for clients without MCP: `GET /tools` lists what the token may call,
 * `POST /tools/invoke` runs one (also by its dotted alias). Same wrapper, same typed errors.
 */
export function registerRestFallback(untyped: FastifyInstance, options: McpTransportOptions): void {
  const app = untyped.withTypeProvider<ZodTypeProvider>();
  app.get('/tools', { config: { scope: 'read' } }, async (request) => ({
    tools: visibleTools(options.spec.tools, callerOf(request)).map((t) => ({
      name: t.name,
      aliases: t.aliases ?? [],
      title: t.title,
      description: t.description,
      annotations: t.annotations,
      inputSchema: z.toJSONSchema(t.input),
      outputSchema: z.toJSONSchema(t.output),
    })),
  }));

  app.post(
    '/tools/invoke',
    { config: { scope: 'read' }, schema: { body: invokeBody } },
    async (request, reply) => {
      const auth = callerOf(request);
      const { name } = request.body;
      const tool = visibleTools(options.spec.tools, auth).find(
        (t) => t.name === name || t.aliases?.includes(name),
      );
      if (tool === undefined) {
        throw new AppError('not_found', `unknown tool '${name.slice(0, 64)}'`, {
          details: { known: visibleTools(options.spec.tools, auth).map((t) => t.name) },
        });
      }
      const logger = options.deps.logger.child({ request_id: request.id, tenant_id: auth.tenantId });
      const outcome = await runTool(
        tool,
        request.body.arguments,
        { auth, requestId: request.id, logger },
        options.deps.metrics,
      );
      if (outcome.ok) return outcome.value;
      if (outcome.error.retry_after !== undefined)
        reply.header('retry-after', String(Math.ceil(outcome.error.retry_after)));
      return reply.status(httpStatusOf(outcome.error.code)).send({ error: outcome.error });
    },
  );
}

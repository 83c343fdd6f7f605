import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../http/plugins/auth.ts';
import { createMcpServer } from '../create-mcp-server.ts';
import type { McpTransportOptions } from './mcp-transport-options.ts';
import { parseToolFilter } from './tool-filter.ts';

const KEEP_ALIVE_MS = 30_000;

/**
 * The older HTTP+SSE transport: `GET /sse` opens the event stream (its first event names the endpoint
 * for this session's messages), `POST /messages?sessionId=` carries client messages. A comment line every
 * 30 s keeps proxies from closing an idle stream.
 */
export function registerSse(untyped: FastifyInstance, options: McpTransportOptions): void {
  const app = untyped.withTypeProvider<ZodTypeProvider>();
  const { sessions } = options;

  app.get('/sse', { config: { scope: 'read' } }, async (request, reply) => {
    const auth = callerOf(request);
    sessions.assertRoom(auth.tokenId);
    const only = parseToolFilter(request.query, options.spec.tools);
    const server = createMcpServer(options.spec, auth, options.deps, only);
    reply.hijack();
    const transport = new SSEServerTransport('/messages', reply.raw);
    const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    const cleanup = (): void => {
      clearInterval(keepAlive);
      sessions.delete(transport.sessionId);
    };
    transport.onclose = cleanup;
    request.raw.on('close', () => {
      cleanup();
      void server.close();
    });
    sessions.add({
      id: transport.sessionId,
      tokenId: auth.tokenId,
      tenantId: auth.tenantId,
      server,
      transport,
    });
    await server.connect(transport);
    return reply;
  });

  app.post(
    '/messages',
    {
      config: { scope: 'read' },
      schema: { querystring: z.object({ sessionId: z.string().min(1).max(100) }) },
    },
    async (request, reply) => {
      const session = sessions.get(request.query.sessionId, callerOf(request).tokenId);
      if (session === undefined) {
        return reply
          .status(404)
          .send({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
      }
      // Checked here: the SDK answers a bad message with a plain-text 400 echoing the body, and a JSON
      // `null` body made it read the already-consumed request stream ("stream is not readable").
      if (!JSONRPCMessageSchema.safeParse(request.body).success) {
        return reply.status(400).send({
          jsonrpc: '2.0',
          error: { code: -32700, message: 'Parse error: Invalid JSON-RPC message' },
          id: null,
        });
      }
      reply.hijack();
      await (session.transport as SSEServerTransport).handlePostMessage(request.raw, reply.raw, request.body);
      return reply;
    },
  );
}

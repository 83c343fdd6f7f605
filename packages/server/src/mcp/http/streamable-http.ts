import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/plugins/auth.ts';
import { createMcpServer } from '../create-mcp-server.ts';
import type { McpTransportOptions } from './mcp-transport-options.ts';
import { parseToolFilter } from './tool-filter.ts';

function jsonRpcError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.status(status).send({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * The Streamable HTTP transport at `/mcp`: POST carries JSON-RPC messages (an initialize without a session
 * id opens a session with a fresh McpServer), GET opens the server-to-client stream of a session, DELETE
 * ends it. Every request is authenticated; a session only answers the token that opened it.
 */
export function registerStreamableHttp(app: FastifyInstance, options: McpTransportOptions): void {
  const { sessions } = options;
  const sessionHeader = (request: FastifyRequest): string | undefined => {
    const value = request.headers['mcp-session-id'];
    return typeof value === 'string' ? value : undefined;
  };

  app.post('/mcp', { config: { scope: 'read' } }, async (request, reply) => {
    const auth = callerOf(request);
    const id = sessionHeader(request);
    // JSON-RPC 2.0 makes an empty batch an Invalid Request; the SDK would accept it with a 202.
    if (Array.isArray(request.body) && request.body.length === 0)
      return jsonRpcError(reply, 400, -32600, 'Invalid Request: empty batch');
    const existing = sessions.get(id, auth.tokenId);
    if (existing !== undefined) {
      reply.hijack();
      await (existing.transport as StreamableHTTPServerTransport).handleRequest(
        request.raw,
        reply.raw,
        request.body,
      );
      return reply;
    }
    if (id !== undefined) return jsonRpcError(reply, 404, -32001, 'Session not found');
    if (!isInitializeRequest(request.body)) {
      return jsonRpcError(reply, 400, -32000, 'Bad Request: no valid session id; send initialize first');
    }
    sessions.assertRoom(auth.tokenId);
    const only = parseToolFilter(request.query, options.spec.tools);
    const server = createMcpServer(options.spec, auth, options.deps, only);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => {
        sessions.add({ id: sessionId, tokenId: auth.tokenId, tenantId: auth.tenantId, server, transport });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    reply.hijack();
    await transport.handleRequest(request.raw, reply.raw, request.body);
    return reply;
  });

  const existingSession = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const id = sessionHeader(request);
    // The spec's answer to a missing header is 400; 404 means "this session is gone, initialize again".
    if (id === undefined)
      return jsonRpcError(reply, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    const session = sessions.get(id, callerOf(request).tokenId);
    if (session === undefined) return jsonRpcError(reply, 404, -32001, 'Session not found');
    reply.hijack();
    await (session.transport as StreamableHTTPServerTransport).handleRequest(request.raw, reply.raw);
    return reply;
  };
  app.get('/mcp', { config: { scope: 'read' } }, existingSession);
  app.delete('/mcp', { config: { scope: 'read' } }, existingSession);
}

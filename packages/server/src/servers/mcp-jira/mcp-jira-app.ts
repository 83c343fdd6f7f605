import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../http/build-app.ts';
import type { AppContext } from '../../runtime/app-context.ts';

/** MCP Jira (port 8055). Its MCP transports and tools are added by the MCP Jira layer. */
export function buildMcpJiraApp(ctx: AppContext): Promise<FastifyInstance> {
  return buildHttpApp('mcp-jira', ctx, () => undefined);
}

import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../http/build-app.ts';
import { registerMcp } from '../../mcp/mcp-plugin.ts';
import type { AppContext } from '../../runtime/app-context.ts';
import { mcpJiraSpec } from './mcp-jira-spec.ts';

/** MCP Jira (port 8055): the MCP transports serving the Jira tools. */
export function buildMcpJiraApp(ctx: AppContext): Promise<FastifyInstance> {
  const spec = mcpJiraSpec(ctx);
  return buildHttpApp('mcp-jira', ctx, async (app) => {
    await registerMcp(app, ctx, spec);
    // The Jira adapters the tools opened (keep-alive connections) close with the server.
    app.addHook('onClose', () => spec.close());
  });
}

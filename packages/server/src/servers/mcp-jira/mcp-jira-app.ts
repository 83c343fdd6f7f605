import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../http/build-app.ts';
import { registerMcp } from '../../mcp/mcp-plugin.ts';
import type { AppContext } from '../../runtime/app-context.ts';
import { mcpJiraSpec } from './mcp-jira-spec.ts';

/** MCP Jira (port 8055): the MCP transports serving the Jira tools. */
export function buildMcpJiraApp(ctx: AppContext): Promise<FastifyInstance> {
  return buildHttpApp('mcp-jira', ctx, (app) => registerMcp(app, ctx, mcpJiraSpec(ctx)));
}

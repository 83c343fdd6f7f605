import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../http/build-app.ts';
import { registerMcp } from '../../mcp/mcp-plugin.ts';
import type { AppContext } from '../../runtime/app-context.ts';
import { mcpSqlSpec } from './mcp-sql-spec.ts';

/** MCP SQL (port 8056): the MCP transports serving the read-only analytics templates. */
export function buildMcpSqlApp(ctx: AppContext): Promise<FastifyInstance> {
  return buildHttpApp('mcp-sql', ctx, (app) => registerMcp(app, ctx, mcpSqlSpec(ctx)));
}

import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../http/build-app.ts';
import type { AppContext } from '../../runtime/app-context.ts';

/** MCP SQL (port 8056). Its MCP transports and query templates are added by the MCP SQL layer. */
export function buildMcpSqlApp(ctx: AppContext): Promise<FastifyInstance> {
  return buildHttpApp('mcp-sql', ctx, () => undefined);
}

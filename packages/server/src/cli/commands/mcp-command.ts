import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { authenticateBearer } from '../../auth/authenticate.ts';
import { loadConfig } from '../../config/config.ts';
import { AppError } from '../../errors/app-error.ts';
import { createMcpServer } from '../../mcp/create-mcp-server.ts';
import { mcpMetrics } from '../../mcp/mcp-metrics.ts';
import { createLogger } from '../../observability/logger.ts';
import { createAppContext } from '../../runtime/app-context.ts';
import { mcpJiraSpec } from '../../servers/mcp-jira/mcp-jira-spec.ts';
import { mcpSqlSpec } from '../../servers/mcp-sql/mcp-sql-spec.ts';
import type { Env } from '../with-context.ts';

/**
 * `mcp jira|sql --token <token>`: one MCP server over stdio for local clients (Claude Desktop, Cursor).
 * stdout carries the protocol, so logs go to stderr.
 */
export function registerMcpCommand(program: Command, env: Env): void {
  program
    .command('mcp <server>')
    .description('serve MCP Jira (jira) or MCP SQL (sql) over stdio for a local client')
    .requiredOption('--token <token>', 'an API token of the tenant')
    .action(async (name: string, options: { token: string }) => {
      if (name !== 'jira' && name !== 'sql')
        throw new AppError('validation_error', 'server must be jira or sql');
      const config = loadConfig(env);
      const logger = createLogger({ level: config.logLevel, destination: process.stderr });
      const ctx = await createAppContext(config, logger, { migrate: true, defaultMetrics: false });
      try {
        const auth = await authenticateBearer(ctx.db.runtime, `Bearer ${options.token}`);
        const spec = name === 'jira' ? mcpJiraSpec(ctx) : mcpSqlSpec(ctx);
        const server = createMcpServer(spec, auth, { logger, metrics: mcpMetrics(ctx.metrics) });
        const transport = new StdioServerTransport();
        const closed = new Promise<void>((resolve) => {
          transport.onclose = resolve;
          process.stdin.on('end', resolve);
        });
        await server.connect(transport);
        await closed;
        await server.close();
        await spec.close?.();
      } finally {
        await ctx.close();
      }
    });
}

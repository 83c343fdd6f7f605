import type { FastifyInstance } from 'fastify';
import type { ServerName } from '../http/build-app.ts';
import { buildApiApp } from '../servers/api/api-app.ts';
import { buildMcpJiraApp } from '../servers/mcp-jira/mcp-jira-app.ts';
import { buildMcpSqlApp } from '../servers/mcp-sql/mcp-sql-app.ts';
import type { AppContext } from './app-context.ts';

export const SERVER_NAMES = ['api', 'mcp-jira', 'mcp-sql'] as const satisfies readonly ServerName[];

export interface RunningServers {
  urls: Partial<Record<ServerName, string>>;
  close(): Promise<void>;
}

function build(name: ServerName, ctx: AppContext): Promise<FastifyInstance> {
  switch (name) {
    case 'api':
      return buildApiApp(ctx);
    case 'mcp-jira':
      return buildMcpJiraApp(ctx);
    case 'mcp-sql':
      return buildMcpSqlApp(ctx);
  }
}

function portOf(name: ServerName, ctx: AppContext): number {
  const { ports } = ctx.config.http;
  switch (name) {
    case 'api':
      return ports.api;
    case 'mcp-jira':
      return ports.mcpJira;
    case 'mcp-sql':
      return ports.mcpSql;
  }
}

/** Builds and listens: all three servers in one process by default, or just the ones named. */
export async function startServers(
  ctx: AppContext,
  names: readonly ServerName[] = SERVER_NAMES,
): Promise<RunningServers> {
  const apps: FastifyInstance[] = [];
  const urls: Partial<Record<ServerName, string>> = {};
  try {
    for (const name of names) {
      const app = await build(name, ctx);
      apps.push(app);
      await app.listen({ host: ctx.config.http.host, port: portOf(name, ctx) });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : portOf(name, ctx);
      const host = ctx.config.http.host.includes(':') ? `[${ctx.config.http.host}]` : ctx.config.http.host;
      urls[name] = `http://${host}:${port}`;
    }
  } catch (error) {
    await Promise.allSettled(apps.map((app) => app.close()));
    throw error;
  }
  return {
    urls,
    close: async () => {
      await Promise.allSettled(apps.map((app) => app.close()));
    },
  };
}

import type { McpServerSpec } from '../../mcp/create-mcp-server.ts';
import type { AppContext } from '../../runtime/app-context.ts';

/** What MCP SQL serves, on every transport (HTTP and stdio). The query templates register here. */
export function mcpSqlSpec(_ctx: AppContext): McpServerSpec {
  return {
    name: 'digital-spiral-sql',
    version: '0.1.0',
    instructions: 'Read-only analytics over the synced work items of every source of your tenant.',
    tools: [],
  };
}

import type { McpServerSpec } from '../../mcp/create-mcp-server.ts';
import type { AppContext } from '../../runtime/app-context.ts';

/** What MCP Jira serves, on every transport (HTTP and stdio). The Jira tools register here. */
export function mcpJiraSpec(_ctx: AppContext): McpServerSpec {
  return {
    name: 'digital-spiral-jira',
    version: '0.1.0',
    instructions:
      'Live actions on the Jira instances of your tenant: search, read, create, update, transition, comment, link.',
    tools: [],
  };
}

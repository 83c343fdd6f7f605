import type { McpDeps, McpServerSpec } from '../create-mcp-server.ts';
import type { SessionStore } from './session-store.ts';

/** What every MCP transport of a server shares. */
export interface McpTransportOptions {
  spec: McpServerSpec;
  deps: McpDeps;
  sessions: SessionStore;
}

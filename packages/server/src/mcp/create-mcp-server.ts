import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  McpError,
  type CallToolRequest,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AuthContext } from '../auth/authenticate.ts';
import { hasScope } from '../auth/scopes.ts';
import type { Logger } from '../observability/logger.ts';
import type { McpMetrics } from './mcp-metrics.ts';
import { runTool, type ToolOutcome } from './run-tool.ts';
import type { AnyTool } from './tool-definition.ts';

/** What one MCP server (Jira or SQL) offers. */
export interface McpServerSpec {
  name: string;
  version: string;
  instructions: string;
  tools: readonly AnyTool[];
  /** Releases what the tools opened (e.g. upstream connections); called when the server stops. */
  close?(): Promise<void>;
}

export interface McpDeps {
  logger: Logger;
  metrics: McpMetrics;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * `tools/call` with its params left unchecked here. The SDK's Server validates them against
 * CallToolRequestSchema inside its tools/call wrapper and answers -32602 (Invalid params); with the strict
 * schema, the Protocol layer parses first and a malformed call (`arguments: "x"`, `name: 5`) became -32603
 * (Internal error): a client mistake reported as the server's.
 */
const toolsCallMethod = z.object({ method: z.literal('tools/call'), params: z.unknown().optional() });

/** The tools a caller may see: those its scopes allow, narrowed to `only` when given. */
export function visibleTools(
  tools: readonly AnyTool[],
  auth: AuthContext,
  only?: ReadonlySet<string>,
): AnyTool[] {
  return tools.filter((t) => hasScope(auth.scopes, t.scope) && (only === undefined || only.has(t.name)));
}

/** An MCP tool result for an outcome: structured content on success, the typed error as text on failure. */
export function toCallToolResult(outcome: ToolOutcome): CallToolResult {
  if (outcome.ok) {
    return {
      content: [{ type: 'text', text: JSON.stringify(outcome.value) }],
      structuredContent: outcome.value,
    };
  }
  // No structuredContent on errors: clients validate it against the tool's output schema.
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: outcome.error }) }] };
}

/**
 * A fresh McpServer for one authenticated session. Tools are registered with the SDK (which lists them
 * with their JSON schemas and annotations); calls are routed through runTool so that every failure is a
 * typed tool error, and an unknown or hidden tool is a protocol error (design rule 19).
 */
export function createMcpServer(
  spec: McpServerSpec,
  auth: AuthContext,
  deps: McpDeps,
  only?: ReadonlySet<string>,
): McpServer {
  const server = new McpServer(
    { name: spec.name, version: spec.version },
    { instructions: spec.instructions },
  );
  const tools = new Map(visibleTools(spec.tools, auth, only).map((t) => [t.name, t]));
  for (const tool of tools.values()) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
      // Never reached: the tools/call handler below replaces the SDK's.
      () => ({ content: [] }),
    );
  }
  if (tools.size > 0) {
    server.server.setRequestHandler(toolsCallMethod, async (unchecked, extra) => {
      // Validated by the Server's wrapper before this runs (see toolsCallMethod).
      const request = unchecked as CallToolRequest;
      const tool = tools.get(request.params.name);
      if (tool === undefined)
        throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
      const header = extra.requestInfo?.headers['x-request-id'];
      const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
      const logger = deps.logger.child({ request_id: requestId, tenant_id: auth.tenantId });
      return toCallToolResult(
        await runTool(tool, request.params.arguments, { auth, requestId, logger }, deps.metrics),
      );
    });
  }
  return server;
}

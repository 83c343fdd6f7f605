import { performance } from 'node:perf_hooks';
import { hasScope } from '../auth/scopes.ts';
import { AppError } from '../errors/app-error.ts';
import type { McpMetrics } from './mcp-metrics.ts';
import type { AnyTool, ToolCall } from './tool-definition.ts';
import { toToolError, type ToolError } from './tool-error.ts';

export type ToolOutcome = { ok: true; value: Record<string, unknown> } | { ok: false; error: ToolError };

/**
 * Runs one tool call for every transport: scope check, strict validation, the handler, error mapping,
 * metrics and one log line. Never throws.
 */
export async function runTool(
  tool: AnyTool,
  rawArgs: unknown,
  context: Omit<ToolCall, 'annotate'>,
  metrics: McpMetrics,
): Promise<ToolOutcome> {
  const started = performance.now();
  const extra: Record<string, unknown> = {};
  const call: ToolCall = { ...context, annotate: (fields) => Object.assign(extra, fields) };
  let outcome: ToolOutcome;
  try {
    if (!hasScope(call.auth.scopes, tool.scope)) {
      throw new AppError(
        'forbidden',
        `this token lacks the '${tool.scope}' scope that ${tool.name} requires`,
        {
          details: { required_scope: tool.scope },
        },
      );
    }
    const args = tool.input.parse(rawArgs ?? {});
    outcome = { ok: true, value: await tool.handler(args, call) };
  } catch (error) {
    outcome = { ok: false, error: toToolError(error, call.requestId, call.logger) };
  }
  const seconds = (performance.now() - started) / 1000;
  const status = outcome.ok ? 'ok' : outcome.error.code;
  metrics.calls.inc({ tool: tool.name, status });
  metrics.duration.observe({ tool: tool.name }, seconds);
  call.logger.info(
    {
      ...extra,
      tool: tool.name,
      tenant_id: call.auth.tenantId,
      token_id: call.auth.tokenId,
      request_id: call.requestId,
      status,
      duration_ms: Math.round(seconds * 100_000) / 100,
    },
    'tool call',
  );
  return outcome;
}

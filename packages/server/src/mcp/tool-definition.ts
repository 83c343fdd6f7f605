import type { z } from 'zod';
import type { AuthContext } from '../auth/authenticate.ts';
import type { Scope } from '../auth/scopes.ts';
import type { Logger } from '../observability/logger.ts';

/** Names every tool API accepts (OpenAI's and Anthropic's included): design rule 18. */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** What a tool handler knows about the call: who, which request, where to log. */
export interface ToolCall {
  auth: AuthContext;
  requestId: string;
  logger: Logger;
  /** Adds fields to the call's log line (e.g. `instance_id` once the handler knows it). */
  annotate(fields: Record<string, unknown>): void;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint?: boolean;
}

/**
 * An MCP tool is data: its schemas, hints and required scope, plus a handler that receives arguments the
 * wrapper has already validated. Scope checks, validation, error mapping, metrics and logs live once, in
 * run-tool.ts, never in a handler.
 */
export interface ToolDefinition<
  Input extends z.ZodObject = z.ZodObject,
  Output extends z.ZodObject = z.ZodObject,
> {
  name: string;
  /** Other names the REST fallback accepts (the original plan's dotted names, e.g. `jira.search`). */
  aliases?: readonly string[];
  title: string;
  description: string;
  /** Strict object schema: unknown keys are refused. */
  input: Input;
  output: Output;
  annotations: ToolAnnotations;
  scope: Scope;
  handler: (args: z.infer<Input>, call: ToolCall) => Promise<z.infer<Output>>;
}

/** Checks a tool's name once, where it is defined, so a bad name fails at start-up rather than in a client. */
export function defineTool<Input extends z.ZodObject, Output extends z.ZodObject>(
  tool: ToolDefinition<Input, Output>,
): ToolDefinition<Input, Output> {
  if (!TOOL_NAME.test(tool.name))
    throw new Error(`tool name '${tool.name}' does not match ${String(TOOL_NAME)}`);
  return tool;
}

/** A tool list with the element types erased, as servers hold them. */
export type AnyTool = ToolDefinition<z.ZodObject, z.ZodObject>;

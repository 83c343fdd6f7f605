import { z } from 'zod';
import { AppError } from '../../src/errors/app-error.ts';
import type { McpServerSpec } from '../../src/mcp/create-mcp-server.ts';
import { defineTool, type AnyTool } from '../../src/mcp/tool-definition.ts';

/** Tools that exercise the MCP framework: a read, a write, a typed failure and an internal one. */
export const testTools: AnyTool[] = [
  defineTool({
    name: 'echo_text',
    aliases: ['test.echo'],
    title: 'Echo',
    description: 'Echoes text with the caller’s tenant.',
    input: z.strictObject({ text: z.string().min(1).max(100) }),
    output: z.object({ text: z.string(), tenant_id: z.string() }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
    scope: 'read',
    handler: async (args, call) => ({ text: args.text, tenant_id: call.auth.tenantId }),
  }),
  defineTool({
    name: 'write_note',
    title: 'Write a note',
    description: 'A write that needs the write scope.',
    input: z.strictObject({ note: z.string().max(100) }),
    output: z.object({ saved: z.boolean() }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    scope: 'write',
    handler: async () => ({ saved: true }),
  }),
  defineTool({
    name: 'fail_conflict',
    title: 'Conflict',
    description: 'Always answers a typed conflict.',
    input: z.strictObject({}),
    output: z.object({}),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
    scope: 'read',
    handler: async () => {
      throw new AppError('conflict', 'someone else changed it', { details: { version: 3 }, retryAfter: 2 });
    },
  }),
  defineTool({
    name: 'explode',
    title: 'Explode',
    description: 'Fails internally with a message that must not leak.',
    input: z.strictObject({}),
    output: z.object({}),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
    scope: 'read',
    handler: async () => {
      throw new Error('connection to postgres://admin:hunter2@db failed');
    },
  }),
];

export const testSpec: McpServerSpec = {
  name: 'test-mcp',
  version: '1.0.0',
  instructions: 'test',
  tools: testTools,
};

import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { AnyTool } from '../tool-definition.ts';

const querySchema = z.object({ tools: z.string().max(4000).optional() }).loose();

/**
 * `?tools=a,b` narrows a session to the named tools (fewer tools, better tool choice by the model).
 * Unknown names are refused rather than silently ignored.
 */
export function parseToolFilter(query: unknown, tools: readonly AnyTool[]): ReadonlySet<string> | undefined {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success)
    throw new AppError('validation_error', 'tools: must be a comma-separated list of tool names');
  if (parsed.data.tools === undefined) return undefined;
  const names = parsed.data.tools
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const known = new Set(tools.map((t) => t.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new AppError('validation_error', `tools: unknown tool names: ${unknown.slice(0, 10).join(', ')}`, {
      details: { unknown: unknown.slice(0, 10), known: [...known] },
    });
  }
  return new Set(names);
}

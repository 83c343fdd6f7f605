import { z } from 'zod';
import { defineTool, type AnyTool } from '../../mcp/tool-definition.ts';
import { templateToolName } from './template-tool.ts';
import type { SqlTemplate } from './templates/sql-template.ts';

const templateInfo = z.object({
  name: z.string(),
  tool: z.string(),
  title: z.string(),
  description: z.string(),
  max_rows: z.number().int(),
  timeout_ms: z.number().int(),
  parameters: z.record(z.string(), z.unknown()).describe('JSON Schema of the parameters'),
});

/**
 * `sql_list_templates` (REST alias `list_templates`): what every template answers and its parameters as
 * JSON Schema, for clients that pick a template before they call it (the REST fallback, or a model asked to
 * plan). Computed once: templates are fixed at start-up.
 */
export function listTemplatesTool(templates: readonly SqlTemplate[]): AnyTool {
  const listed = templates.map((t) => ({
    name: t.name,
    tool: templateToolName(t),
    title: t.title,
    description: t.description,
    max_rows: t.maxRows,
    timeout_ms: t.timeoutMs,
    // Input view: parameters with defaults are optional to a caller.
    parameters: z.toJSONSchema(t.params, { io: 'input' }),
  }));
  return defineTool({
    name: 'sql_list_templates',
    aliases: ['list_templates'],
    title: 'List SQL templates',
    description:
      'Lists the read-only analytics queries this server runs (each is also a tool, sql_<name>), with what ' +
      'each answers and its parameters as JSON Schema.',
    input: z.strictObject({}),
    output: z.object({ templates: z.array(templateInfo) }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    scope: 'read',
    handler: async () => ({ templates: listed }),
  });
}

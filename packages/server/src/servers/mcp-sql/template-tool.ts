import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { defineTool, type AnyTool } from '../../mcp/tool-definition.ts';
import { runTemplate, type TemplateRunDeps } from './run-template.ts';
import { TEMPLATE_LIMITS, type SqlTemplate } from './templates/sql-template.ts';

const TEMPLATE_NAME = /^[a-z][a-z0-9_]{0,59}$/;

/** The tool name of a template. */
export function templateToolName(template: SqlTemplate): string {
  return `sql_${template.name}`;
}

/**
 * A tenant_id argument, accepted for clients that always send one, but only when it names the caller's own
 * tenant (design rule 5): the tenant comes from the token, and this value never reaches a query.
 */
const tenantIdArgument = z
  .uuid()
  .optional()
  .describe("your own tenant id (optional; the token's tenant is always the one queried)");

/**
 * Turns a template into the MCP tool `sql_<name>` (REST alias `<name>`): read scope, read-only and
 * idempotent hints, the template's parameters plus `tenant_id`, its output plus `truncated`. Checks the
 * template against the ceilings of design rule 10 here, at start-up, rather than in a client.
 */
export function templateTool(template: SqlTemplate, deps: TemplateRunDeps): AnyTool {
  checkTemplate(template);
  return defineTool({
    name: templateToolName(template),
    aliases: [template.name],
    title: template.title,
    description: template.description,
    input: template.params.extend({ tenant_id: tenantIdArgument }),
    output: template.output.extend({
      truncated: z.boolean().describe('true when rows were left out (row limit or size cap)'),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    scope: 'read',
    handler: async (args, call) => {
      const { tenant_id: claimed, ...params } = args as Record<string, unknown> & { tenant_id?: string };
      if (claimed !== undefined && claimed.toLowerCase() !== call.auth.tenantId.toLowerCase()) {
        throw new AppError('forbidden', "tenant_id must be your token's tenant (or be left out)");
      }
      call.annotate({ template: template.name });
      return runTemplate(
        template,
        params,
        { tenantId: call.auth.tenantId, requestId: call.requestId, logger: call.logger },
        deps,
      );
    },
  });
}

function checkTemplate(template: SqlTemplate): void {
  const problems = [
    TEMPLATE_NAME.test(template.name) ? null : `name must match ${String(TEMPLATE_NAME)}`,
    Number.isInteger(template.timeoutMs) &&
    template.timeoutMs > 0 &&
    template.timeoutMs <= TEMPLATE_LIMITS.maxTimeoutMs
      ? null
      : `timeoutMs must be 1..${TEMPLATE_LIMITS.maxTimeoutMs}`,
    Number.isInteger(template.maxRows) && template.maxRows > 0 && template.maxRows <= TEMPLATE_LIMITS.maxRows
      ? null
      : `maxRows must be 1..${TEMPLATE_LIMITS.maxRows}`,
    template.maxBytes === undefined ||
    (Number.isInteger(template.maxBytes) &&
      template.maxBytes > 0 &&
      template.maxBytes <= TEMPLATE_LIMITS.maxBytes)
      ? null
      : `maxBytes must be 1..${TEMPLATE_LIMITS.maxBytes}`,
    template.params.shape.tenant_id === undefined ? null : 'params must not declare tenant_id',
  ].filter((p) => p !== null);
  if (problems.length > 0) throw new Error(`SQL template '${template.name}': ${problems.join('; ')}`);
}

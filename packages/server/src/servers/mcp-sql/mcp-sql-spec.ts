import type { McpServerSpec } from '../../mcp/create-mcp-server.ts';
import type { AppContext } from '../../runtime/app-context.ts';
import { listTemplatesTool } from './list-templates-tool.ts';
import { sqlMetrics } from './sql-metrics.ts';
import { templateTool } from './template-tool.ts';
import { sqlTemplates } from './templates/index.ts';

/** What MCP SQL serves, on every transport (HTTP and stdio): one tool per template, and their list. */
export function mcpSqlSpec(ctx: AppContext): McpServerSpec {
  const deps = { db: ctx.db.runtime, metrics: sqlMetrics(ctx.metrics) };
  return {
    name: 'digital-spiral-sql',
    version: '0.1.0',
    instructions:
      'Read-only analytics over the synced work items of every source of your tenant (Jira, GitHub, Asana, ' +
      'Linear). Start with sql_cross_source_summary or sql_list_projects to see what exists; ' +
      'sql_list_templates describes every query. Answers with truncated: true left rows out.',
    tools: [listTemplatesTool(sqlTemplates), ...sqlTemplates.map((t) => templateTool(t, deps))],
  };
}

import type { McpServerSpec } from '../../mcp/create-mcp-server.ts';
import type { AnyTool } from '../../mcp/tool-definition.ts';
import type { AppContext } from '../../runtime/app-context.ts';
import { upstreamMetrics } from '../../sources/upstream/upstream-metrics.ts';
import { JiraInstances } from './jira-instances.ts';
import type { McpJiraDeps } from './mcp-jira-deps.ts';
import { addCommentTool } from './tools/add-comment.ts';
import { assignIssueTool } from './tools/assign-issue.ts';
import { createIssueTool } from './tools/create-issue.ts';
import { getCommentsTool } from './tools/get-comments.ts';
import { getIssueTool } from './tools/get-issue.ts';
import { linkIssuesTool } from './tools/link-issues.ts';
import { listInstancesTool } from './tools/list-instances.ts';
import { listProjectsTool } from './tools/list-projects.ts';
import { listTransitionsTool } from './tools/list-transitions.ts';
import { searchTool } from './tools/search.ts';
import { searchUsersTool } from './tools/search-users.ts';
import { transitionIssueTool } from './tools/transition-issue.ts';
import { updateIssueTool } from './tools/update-issue.ts';

/** MCP Jira's spec, plus what it opened (one adapter per instance in use), to close with the server. */
export interface McpJiraSpec extends McpServerSpec {
  close(): Promise<void>;
}

/**
 * An interactive call should not sit behind a long Retry-After: past this the tool answers rate_limited
 * with retry_after and the model decides.
 */
const MAX_UPSTREAM_WAIT_SECONDS = 10;

/** The Jira tools, reads first; write tools need the `write` scope and vanish under MCP_JIRA_READ_ONLY. */
export function jiraTools(deps: McpJiraDeps, options: { readOnly: boolean }): AnyTool[] {
  const reads: AnyTool[] = [
    listInstancesTool(deps),
    searchTool(deps),
    getIssueTool(deps),
    getCommentsTool(deps),
    listTransitionsTool(deps),
    listProjectsTool(deps),
    searchUsersTool(deps),
  ];
  const writes: AnyTool[] = [
    createIssueTool(deps),
    updateIssueTool(deps),
    transitionIssueTool(deps),
    addCommentTool(deps),
    assignIssueTool(deps),
    linkIssuesTool(deps),
  ];
  return options.readOnly ? reads : [...reads, ...writes];
}

/** What MCP Jira serves, on every transport (HTTP and stdio). */
export function mcpJiraSpec(ctx: AppContext): McpJiraSpec {
  const instances = new JiraInstances({
    db: ctx.db.runtime,
    logger: ctx.logger.child({ component: 'mcp-jira' }),
    adapters: {
      modules: ctx.sources,
      keyring: ctx.keyring,
      limiter: ctx.kv.rateLimiter,
      metrics: upstreamMetrics(ctx.metrics),
      maxWaitSeconds: MAX_UPSTREAM_WAIT_SECONDS,
    },
  });
  const deps: McpJiraDeps = { db: ctx.db.runtime, kv: ctx.kv, instances };
  const readOnly = ctx.config.mcpJira.readOnly;
  return {
    name: 'digital-spiral-jira',
    version: '0.1.0',
    instructions: [
      'Live actions on the Jira instances of your tenant: search, read, create, update, transition, comment, assign, link.',
      'Find issues with jira_search (JQL) and read one with jira_get_issue. With several Jira instances, issue keys usually tell the instance; otherwise pass instance_id from jira_list_instances.',
      readOnly
        ? 'This server is read-only: it offers no write tools.'
        : 'Writes accept an idempotency_key: reuse it when retrying so that nothing is done twice.',
    ].join('\n'),
    tools: jiraTools(deps, { readOnly }),
    close: () => instances.close(),
  };
}

import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import { instanceForProject } from '../instance-resolver.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { runWrite } from '../write-path.ts';
import { writeThrough } from '../write-through.ts';
import {
  customFieldsInput,
  idempotencyKeyInput,
  instanceIdInput,
  issueKeyInput,
  labelsInput,
  richTextInput,
  textInput,
  toAdf,
} from './common.ts';
import { writtenIssue, writtenIssueSchema } from './written-issue.ts';

const input = z.strictObject({
  project_key: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, { error: 'must be a Jira project key such as PAY' })
    .describe('Project key, e.g. PAY (see jira_list_projects)'),
  summary: textInput(255),
  issue_type: textInput(100).default('Task').describe('Issue type name: Task, Bug, Story, Epic...'),
  description: richTextInput.optional(),
  priority: textInput(100).optional().describe('Priority name, e.g. High'),
  assignee_account_id: textInput(128).optional().describe('Account id from jira_search_users'),
  labels: labelsInput.optional(),
  parent_key: issueKeyInput.optional().describe('Parent issue key (epic, or the parent of a sub-task)'),
  fields: customFieldsInput,
  instance_id: instanceIdInput,
  idempotency_key: idempotencyKeyInput,
});

type Args = z.infer<typeof input>;

/** Jira's `fields` of the new issue; the named arguments win over the same ids in `fields`. */
function createFields(args: Args): Record<string, unknown> {
  return {
    ...args.fields,
    project: { key: args.project_key.toUpperCase() },
    summary: args.summary,
    issuetype: { name: args.issue_type },
    ...(args.description === undefined ? {} : { description: toAdf(args.description) }),
    ...(args.priority === undefined ? {} : { priority: { name: args.priority } }),
    ...(args.assignee_account_id === undefined ? {} : { assignee: { accountId: args.assignee_account_id } }),
    ...(args.labels === undefined ? {} : { labels: args.labels }),
    ...(args.parent_key === undefined ? {} : { parent: { key: args.parent_key } }),
  };
}

/** `jira_create_issue`: one new issue, written through to the synced data at once. */
export function createIssueTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_create_issue',
    aliases: ['jira.create_issue'],
    title: 'Create a Jira issue',
    description:
      'Creates a Jira issue in a project: summary, type, description (plain text or ADF), priority, assignee, labels, parent and any other field by id. Pass an idempotency_key so that a retry cannot create a duplicate. Returns the new key and url.',
    input,
    output: writtenIssueSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    scope: 'write',
    handler: (args, call) =>
      runWrite(deps, call, {
        tool: 'jira_create_issue',
        args,
        instance: () => instanceForProject(deps, call.auth.tenantId, args.project_key, args.instance_id),
        perform: async (connection) => {
          const created = await connection.actions.createIssue(createFields(args));
          const through = await writeThrough(deps, connection, [created.key], call.logger);
          return {
            output: writtenIssue(connection.instance, created.key, through),
            upstreamStatus: created.status,
          };
        },
      }),
  });
}

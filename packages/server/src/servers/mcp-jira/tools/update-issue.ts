import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import { instanceForIssue } from '../instance-resolver.ts';
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

const input = z
  .strictObject({
    issue_key: issueKeyInput.describe('Issue key, e.g. PAY-123'),
    summary: textInput(255).optional(),
    description: richTextInput
      .nullable()
      .optional()
      .describe('New description (plain text or ADF); null clears it'),
    priority: textInput(100).optional().describe('Priority name, e.g. High'),
    labels: labelsInput.optional().describe('The new set of labels (replaces the old ones)'),
    fields: customFieldsInput,
    instance_id: instanceIdInput,
    idempotency_key: idempotencyKeyInput,
  })
  .refine((a) => [a.summary, a.description, a.priority, a.labels, a.fields].some((v) => v !== undefined), {
    error: 'nothing to change: give summary, description, priority, labels or fields',
  });

const output = writtenIssueSchema.extend({ updated_fields: z.array(z.string()) });

/** `jira_update_issue`: sets fields of an issue (status changes go through jira_transition_issue). */
export function updateIssueTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_update_issue',
    aliases: ['jira.update_issue'],
    title: 'Update a Jira issue',
    description:
      'Changes fields of a Jira issue: summary, description (plain text or ADF; null clears), priority, labels (replaced), or any field by id. Status changes use jira_transition_issue, assignment jira_assign_issue.',
    input,
    output,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    scope: 'write',
    handler: (args, call) =>
      runWrite(deps, call, {
        tool: 'jira_update_issue',
        args,
        instance: () => instanceForIssue(deps, call.auth.tenantId, args.issue_key, args.instance_id),
        perform: async (connection) => {
          const fields: Record<string, unknown> = {
            ...args.fields,
            ...(args.summary === undefined ? {} : { summary: args.summary }),
            ...(args.description === undefined
              ? {}
              : { description: args.description === null ? null : toAdf(args.description) }),
            ...(args.priority === undefined ? {} : { priority: { name: args.priority } }),
            ...(args.labels === undefined ? {} : { labels: args.labels }),
          };
          const answer = await connection.actions.editIssue(args.issue_key, fields);
          const through = await writeThrough(deps, connection, [args.issue_key], call.logger);
          return {
            output: {
              ...writtenIssue(connection.instance, args.issue_key, through),
              updated_fields: Object.keys(fields),
            },
            upstreamStatus: answer.status,
          };
        },
      }),
  });
}

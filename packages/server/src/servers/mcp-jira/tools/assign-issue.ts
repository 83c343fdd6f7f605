import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import { instanceForIssue } from '../instance-resolver.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { runWrite } from '../write-path.ts';
import { writeThrough } from '../write-through.ts';
import { idempotencyKeyInput, instanceIdInput, issueKeyInput, textInput } from './common.ts';
import { writtenIssue, writtenIssueSchema } from './written-issue.ts';

const input = z.strictObject({
  issue_key: issueKeyInput.describe('Issue key, e.g. PAY-123'),
  account_id: textInput(128)
    .nullable()
    .describe('Account id from jira_search_users; null unassigns the issue'),
  instance_id: instanceIdInput,
  idempotency_key: idempotencyKeyInput,
});

/** `jira_assign_issue`: sets or clears the assignee. */
export function assignIssueTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_assign_issue',
    aliases: ['jira.assign_issue'],
    title: 'Assign a Jira issue',
    description:
      'Assigns a Jira issue to a user by account id (find it with jira_search_users), or unassigns it with account_id null.',
    input,
    output: writtenIssueSchema,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    scope: 'write',
    handler: (args, call) =>
      runWrite(deps, call, {
        tool: 'jira_assign_issue',
        args,
        instance: () => instanceForIssue(deps, call.auth.tenantId, args.issue_key, args.instance_id),
        perform: async (connection) => {
          const answer = await connection.actions.assign(args.issue_key, args.account_id);
          const through = await writeThrough(deps, connection, [args.issue_key], call.logger);
          return {
            output: writtenIssue(connection.instance, args.issue_key, through),
            upstreamStatus: answer.status,
          };
        },
      }),
  });
}

import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import { commentView, commentViewSchema } from '../activity-view.ts';
import { browseUrl } from '../issue-view.ts';
import { instanceForIssue } from '../instance-resolver.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { runWrite } from '../write-path.ts';
import { writeThrough } from '../write-through.ts';
import { idempotencyKeyInput, instanceIdInput, issueKeyInput, richTextInput, toAdf } from './common.ts';

const input = z.strictObject({
  issue_key: issueKeyInput.describe('Issue key, e.g. PAY-123'),
  body: richTextInput,
  instance_id: instanceIdInput,
  idempotency_key: idempotencyKeyInput,
});

const output = z.object({
  instance_id: z.string(),
  issue_key: z.string(),
  url: z.string(),
  comment: commentViewSchema,
  synced: z.boolean().describe('True when the comment is already in the synced data (MCP SQL)'),
});

/** `jira_add_comment`: one comment, plain text converted to ADF. */
export function addCommentTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_add_comment',
    aliases: ['jira.add_comment'],
    title: 'Comment on a Jira issue',
    description:
      'Adds a comment to a Jira issue: plain text (blank lines make paragraphs) or an Atlassian Document Format document. Pass an idempotency_key so that a retry cannot comment twice.',
    input,
    output,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    scope: 'write',
    handler: (args, call) =>
      runWrite(deps, call, {
        tool: 'jira_add_comment',
        args,
        instance: () => instanceForIssue(deps, call.auth.tenantId, args.issue_key, args.instance_id),
        perform: async (connection) => {
          const added = await connection.actions.addComment(args.issue_key, toAdf(args.body));
          const through = await writeThrough(deps, connection, [args.issue_key], call.logger);
          const key = through.items.get(args.issue_key)?.key ?? args.issue_key;
          return {
            output: {
              instance_id: connection.instance.id,
              issue_key: key,
              url: browseUrl(connection.instance, key),
              comment: commentView(added.comment),
              synced: through.synced,
            },
            upstreamStatus: added.status,
          };
        },
      }),
  });
}

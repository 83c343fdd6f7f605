import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import { commentView, commentViewSchema } from '../activity-view.ts';
import { instanceForIssue } from '../instance-resolver.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { cachedRead } from '../read-cache.ts';
import { instanceIdInput, issueKeyInput } from './common.ts';

const input = z.strictObject({
  issue_key: issueKeyInput.describe('Issue key, e.g. PAY-123'),
  instance_id: instanceIdInput,
  start_at: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .describe('Index of the first comment to return'),
  limit: z.number().int().min(1).max(100).default(50),
  order: z.enum(['oldest_first', 'newest_first']).default('oldest_first'),
});

const output = z.object({
  instance_id: z.string(),
  issue_key: z.string(),
  total: z.number(),
  start_at: z.number(),
  next_start_at: z.number().nullable().describe('start_at of the next page; null after the last'),
  comments: z.array(commentViewSchema),
});

/** `jira_get_comments`: an issue's comments, a page at a time, bodies as plain text. */
export function getCommentsTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_get_comments',
    aliases: ['jira.get_comments'],
    title: 'Get Jira comments',
    description:
      'Reads the comments of a Jira issue, a page at a time (author, plain-text body, created and updated time), oldest or newest first.',
    input,
    output,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    scope: 'read',
    handler: async (args, call) => {
      const { tenantId } = call.auth;
      const instance = await instanceForIssue(deps, tenantId, args.issue_key, args.instance_id);
      call.annotate({ instance_id: instance.id });
      const request = {
        startAt: args.start_at,
        maxResults: args.limit,
        newestFirst: args.order === 'newest_first',
      };
      const page = await cachedRead(
        deps.kv.cache,
        { tenantId, instanceId: instance.id },
        'comments',
        { key: args.issue_key, ...request },
        async () => {
          const answer = await deps.instances.connect(instance).actions.listComments(args.issue_key, request);
          return { total: answer.total, startAt: answer.startAt, comments: answer.comments.map(commentView) };
        },
      );
      const next = page.startAt + page.comments.length;
      return {
        instance_id: instance.id,
        issue_key: args.issue_key,
        total: page.total,
        start_at: page.startAt,
        next_start_at: page.comments.length > 0 && next < page.total ? next : null,
        comments: page.comments,
      };
    },
  });
}

import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import { changelogOf, commentsOf, commentViewSchema, historyViewSchema } from '../activity-view.ts';
import { instanceForIssue } from '../instance-resolver.ts';
import { descriptionText, issueView, issueViewSchema, VIEW_FIELDS } from '../issue-view.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { cachedRead } from '../read-cache.ts';
import { fieldListInput, instanceIdInput, issueKeyInput } from './common.ts';

const input = z.strictObject({
  issue_key: issueKeyInput.describe('Issue key, e.g. PAY-123'),
  instance_id: instanceIdInput,
  expand: z
    .array(z.enum(['changelog', 'comments']))
    .max(2)
    .optional()
    .describe('Add the change history ("changelog") and/or the comments ("comments")'),
  fields: fieldListInput,
});

const output = z.object({
  issue: issueViewSchema.extend({ description: z.string().nullable() }),
  changelog: z
    .object({ total: z.number(), histories: z.array(historyViewSchema) })
    .optional()
    .describe('The most recent changes Jira returns with an issue, oldest first; total counts all'),
  comments: z
    .object({ total: z.number(), comments: z.array(commentViewSchema) })
    .optional()
    .describe('Comments Jira returns with an issue; page through all of them with jira_get_comments'),
});

/** `jira_get_issue`: one issue, live from Jira; the instance is found from the key when not given. */
export function getIssueTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_get_issue',
    aliases: ['jira.get_issue'],
    title: 'Get a Jira issue',
    description:
      'Reads one Jira issue live: summary, description (plain text), status, assignee, priority, type, dates and url; optionally its change history and comments (expand), and raw Jira fields (fields). The instance is found from the key when instance_id is omitted.',
    input,
    output,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    scope: 'read',
    handler: async (args, call) => {
      const { tenantId } = call.auth;
      const instance = await instanceForIssue(deps, tenantId, args.issue_key, args.instance_id);
      call.annotate({ instance_id: instance.id });
      const expand = new Set(args.expand ?? []);
      const requested = args.fields ?? [];
      const request = {
        key: args.issue_key,
        fields: [
          ...new Set([
            ...VIEW_FIELDS,
            'description',
            ...(expand.has('comments') ? ['comment'] : []),
            ...requested,
          ]),
        ],
        expand: expand.has('changelog') ? ['changelog'] : [],
      };
      const raw = await cachedRead(
        deps.kv.cache,
        { tenantId, instanceId: instance.id },
        'issue',
        request,
        () => deps.instances.connect(instance).actions.getIssue(request.key, request),
      );
      return {
        issue: { ...issueView(instance, raw, requested), description: descriptionText(raw) },
        ...(expand.has('changelog') ? { changelog: changelogOf(raw) } : {}),
        ...(expand.has('comments') ? { comments: commentsOf(raw) } : {}),
      };
    },
  });
}

import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import type { JiraTransition } from '../../../sources/jira/jira-action-payloads.ts';
import { instanceForIssue } from '../instance-resolver.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { cachedRead } from '../read-cache.ts';
import { instanceIdInput, issueKeyInput } from './common.ts';

export const transitionViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  to_status: z.string(),
  to_category: z.string().describe('new, indeterminate or done'),
});
export type TransitionView = z.infer<typeof transitionViewSchema>;

export function transitionView(t: JiraTransition): TransitionView {
  return { id: t.id, name: t.name, to_status: t.to.name, to_category: t.to.statusCategory.key };
}

const input = z.strictObject({
  issue_key: issueKeyInput.describe('Issue key, e.g. PAY-123'),
  instance_id: instanceIdInput,
});

const output = z.object({
  instance_id: z.string(),
  issue_key: z.string(),
  transitions: z.array(transitionViewSchema),
});

/** `jira_list_transitions`: where an issue can move from its current status. */
export function listTransitionsTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_list_transitions',
    aliases: ['jira.list_transitions'],
    title: 'List Jira transitions',
    description:
      'Lists the workflow transitions available to a Jira issue now: id, name and the status each leads to. jira_transition_issue accepts the target status name, the transition name or its id.',
    input,
    output,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    scope: 'read',
    handler: async (args, call) => {
      const { tenantId } = call.auth;
      const instance = await instanceForIssue(deps, tenantId, args.issue_key, args.instance_id);
      call.annotate({ instance_id: instance.id });
      const transitions = await cachedRead(
        deps.kv.cache,
        { tenantId, instanceId: instance.id },
        'transitions',
        { key: args.issue_key },
        async () =>
          (await deps.instances.connect(instance).actions.listTransitions(args.issue_key)).map(
            transitionView,
          ),
      );
      return { instance_id: instance.id, issue_key: args.issue_key, transitions };
    },
  });
}

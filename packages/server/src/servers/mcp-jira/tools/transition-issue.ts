import { z } from 'zod';
import { AppError } from '../../../errors/app-error.ts';
import { defineTool } from '../../../mcp/tool-definition.ts';
import type { JiraTransition } from '../../../sources/jira/jira-action-payloads.ts';
import { instanceForIssue } from '../instance-resolver.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { runWrite } from '../write-path.ts';
import { writeThrough } from '../write-through.ts';
import {
  customFieldsInput,
  idempotencyKeyInput,
  instanceIdInput,
  issueKeyInput,
  richTextInput,
  textInput,
  toAdf,
} from './common.ts';
import { transitionView, transitionViewSchema } from './list-transitions.ts';
import { writtenIssueSchema, writtenIssue } from './written-issue.ts';

const input = z.strictObject({
  issue_key: issueKeyInput.describe('Issue key, e.g. PAY-123'),
  to: textInput(255).describe(
    'Target status name (e.g. "In Progress", any case), or a transition name or id from jira_list_transitions',
  ),
  comment: richTextInput.optional().describe('A comment to add with the transition'),
  fields: customFieldsInput.describe(
    'Fields the transition sets, by id (e.g. {"resolution": {"name": "Done"}})',
  ),
  instance_id: instanceIdInput,
  idempotency_key: idempotencyKeyInput,
});

const output = writtenIssueSchema.extend({
  transition: transitionViewSchema,
  comment_id: z.string().nullable(),
});

/**
 * The transition `to` names: a transition id first (exact), then a target status, then a transition name
 * (both case-insensitive). Jira offers each transition by id, so ids never clash with names.
 */
export function pickTransition(
  transitions: readonly JiraTransition[],
  to: string,
): JiraTransition | undefined {
  const wanted = to.trim().toLowerCase();
  return (
    transitions.find((t) => t.id === to.trim()) ??
    transitions.find((t) => t.to.name.toLowerCase() === wanted) ??
    transitions.find((t) => t.name.toLowerCase() === wanted)
  );
}

function impossible(key: string, to: string, transitions: readonly JiraTransition[]): AppError {
  const possible = transitions.map((t) => `'${t.to.name}' (transition '${t.name}', id ${t.id})`);
  return new AppError(
    'validation_error',
    possible.length === 0
      ? `${key} cannot move to '${to}': no transition is available from its current status`
      : `${key} cannot move to '${to}' from its current status; possible: ${possible.join(', ')}`,
    { details: { possible: transitions.map(transitionView) } },
  );
}

/** `jira_transition_issue`: moves an issue along its workflow by target status, with an optional comment. */
export function transitionIssueTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_transition_issue',
    aliases: ['jira.transition_issue'],
    title: 'Transition a Jira issue',
    description:
      'Moves a Jira issue to another status along its workflow, e.g. to "In Progress" or "Done" (status name in any case, or a transition name or id), optionally with a comment and fields the transition sets. An impossible move fails with the possible ones listed.',
    input,
    output,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    scope: 'write',
    handler: (args, call) =>
      runWrite(deps, call, {
        tool: 'jira_transition_issue',
        args,
        instance: () => instanceForIssue(deps, call.auth.tenantId, args.issue_key, args.instance_id),
        perform: async (connection) => {
          const { actions } = connection;
          // Read fresh, never from the cache: what is possible depends on the status right now.
          const transitions = await actions.listTransitions(args.issue_key);
          const chosen = pickTransition(transitions, args.to);
          if (chosen === undefined) throw impossible(args.issue_key, args.to, transitions);
          const moved = await actions.transition(args.issue_key, chosen.id, args.fields);
          // A separate call rather than the transition's `update.comment`, which not every Jira honours.
          const comment =
            args.comment === undefined ? null : await actions.addComment(args.issue_key, toAdf(args.comment));
          const through = await writeThrough(deps, connection, [args.issue_key], call.logger);
          return {
            output: {
              ...writtenIssue(connection.instance, args.issue_key, through),
              transition: transitionView(chosen),
              comment_id: comment?.comment.id ?? null,
            },
            upstreamStatus: moved.status,
          };
        },
      }),
  });
}

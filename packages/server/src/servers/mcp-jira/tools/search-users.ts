import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import { instanceErrorSchema } from '../across-instances.ts';
import { cachedAcrossInstances } from '../cached-across-instances.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { instanceIdInput, textInput } from './common.ts';

const input = z.strictObject({
  query: textInput(100).describe('Start of a name or e-mail address, e.g. "maria"'),
  instance_id: instanceIdInput.describe('Search one instance’s users; all instances when omitted'),
  limit: z.number().int().min(1).max(50).default(10).describe('Most users per instance'),
});

const userSchema = z.object({
  instance_id: z.string(),
  account_id: z.string(),
  display_name: z.string(),
  email: z.string().nullable().describe('null when the site hides it'),
  active: z.boolean().nullable(),
});

const output = z.object({ users: z.array(userSchema), instance_errors: z.array(instanceErrorSchema) });

/** `jira_search_users`: account ids for assigning issues and for JQL (`assignee = <account id>`). */
export function searchUsersTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_search_users',
    aliases: ['jira.search_users'],
    title: 'Search Jira users',
    description:
      'Finds Jira users by the start of their name or e-mail and returns their account ids, which jira_assign_issue, jira_create_issue and JQL (assignee = "<account id>") take.',
    input,
    output,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    scope: 'read',
    handler: async (args, call) => {
      const { answers, errors } = await cachedAcrossInstances(deps, call, args.instance_id, {
        kind: 'users',
        key: { q: args.query, l: args.limit },
        fetch: async (instance) =>
          (await deps.instances.connect(instance).actions.searchUsers(args.query, args.limit)).map((u) => ({
            instance_id: instance.id,
            account_id: u.accountId,
            display_name: u.displayName ?? u.accountId,
            email: u.emailAddress ?? null,
            active: u.active ?? null,
          })),
      });
      return { users: answers.flatMap((a) => a.value), instance_errors: errors };
    },
  });
}

import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import type { SourceInstance } from '../../../repositories/source-instances.ts';
import { acrossInstances, instanceErrorSchema } from '../across-instances.ts';
import { hashOf } from '../canonical-json.ts';
import { instancesFor } from '../instance-resolver.ts';
import { issueView, issueViewSchema, VIEW_FIELDS, type IssueView } from '../issue-view.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { cachedRead } from '../read-cache.ts';
import { decodeSearchCursor, encodeSearchCursor, shares, type InstanceProgress } from '../search-cursor.ts';
import { fieldListInput, instanceIdInput, textInput } from './common.ts';

const input = z.strictObject({
  jql: textInput(4000).describe(
    'JQL, e.g. `project = PAY AND status = "In Progress" ORDER BY updated DESC`. Jira refuses a query with no restriction (only ORDER BY).',
  ),
  instance_id: instanceIdInput.describe(
    'Search one Jira instance. Without it every Jira instance of the tenant is searched and the results merged.',
  ),
  limit: z.number().int().min(1).max(100).default(20).describe('Issues per page (at most 100)'),
  fields: fieldListInput,
  cursor: z
    .string()
    .min(1)
    .max(16_000)
    .optional()
    .describe('next_cursor of the previous page of the same search'),
});

const output = z.object({
  issues: z.array(issueViewSchema),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null after the last'),
  instance_errors: z
    .array(instanceErrorSchema)
    .describe('Instances that failed while others answered; the cursor retries them'),
});

interface InstancePage {
  issues: IssueView[];
  nextPageToken: string | null;
}

/**
 * `jira_search`: JQL on one instance or on all of them. Across instances, a page of `limit` is shared as
 * evenly as possible among the instances not yet exhausted, and the cursor holds each one's Jira page token,
 * so resuming returns every issue exactly once. Issues come grouped by instance, each in the JQL's order.
 */
export function searchTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_search',
    aliases: ['jira.search'],
    title: 'Search Jira issues (JQL)',
    description:
      'Searches live Jira issues with JQL and returns compact issues (key, summary, status, assignee, priority, type, dates, url). Searches every connected Jira instance unless instance_id is given; page on with next_cursor. Ask for raw Jira fields with `fields`.',
    input,
    output,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    scope: 'read',
    handler: async (args, call) => {
      const { tenantId } = call.auth;
      const requested = args.fields ?? [];
      const instances = await instancesFor(deps, tenantId, args.instance_id);
      call.annotate({ instance_id: args.instance_id ?? instances.map((i) => i.id) });
      const query = hashOf({
        jql: args.jql,
        fields: [...requested].sort(),
        instance: args.instance_id ?? 'all',
      }).slice(0, 32);
      const byId = new Map(instances.map((i) => [i.id, i]));
      // A cursor's instance that is gone (deleted, or never this tenant's) has nothing more to give.
      const progress: InstanceProgress =
        args.cursor === undefined
          ? instances.map((i) => [i.id, null])
          : decodeSearchCursor(args.cursor, query).filter(([id]) => byId.has(id));
      const portions = shares(args.limit, Math.max(1, progress.length));
      const asked = progress
        .map(([id, token], n) => ({ instance: byId.get(id), token, size: portions[n] ?? 0 }))
        .filter(
          (a): a is { instance: SourceInstance; token: string | null; size: number } =>
            a.instance !== undefined && a.size > 0,
        );
      const fields = [...new Set([...VIEW_FIELDS, ...requested])];
      const { answers, errors } = await acrossInstances(
        asked.map((a) => a.instance),
        (instance) => {
          const ask = asked.find((a) => a.instance.id === instance.id);
          const request = {
            jql: args.jql,
            fields,
            maxResults: ask?.size ?? 1,
            nextPageToken: ask?.token ?? undefined,
          };
          return cachedRead<InstancePage>(
            deps.kv.cache,
            { tenantId, instanceId: instance.id },
            'search',
            request,
            async () => {
              const page = await deps.instances.connect(instance).actions.search(request);
              return {
                issues: page.issues.map((raw) => issueView(instance, raw, requested)),
                nextPageToken: page.nextPageToken,
              };
            },
          );
        },
      );
      const answered = new Map(answers.map((a) => [a.instance.id, a.value]));
      const next: InstanceProgress = [];
      for (const [id, token] of progress) {
        const page = answered.get(id);
        if (page === undefined) next.push([id, token]);
        else if (page.nextPageToken !== null) next.push([id, page.nextPageToken]);
      }
      return {
        issues: answers.flatMap((a) => a.value.issues),
        next_cursor: encodeSearchCursor(query, next),
        instance_errors: errors,
      };
    },
  });
}

import { z } from 'zod';
import { AppError } from '../../../errors/app-error.ts';
import { defineTool } from '../../../mcp/tool-definition.ts';
import type { JiraLinkType } from '../../../sources/jira/jira-action-payloads.ts';
import { instanceForIssue } from '../instance-resolver.ts';
import type { JiraConnection } from '../jira-instances.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { cachedRead } from '../read-cache.ts';
import { runWrite } from '../write-path.ts';
import { writeThrough } from '../write-through.ts';
import { idempotencyKeyInput, instanceIdInput, issueKeyInput, textInput } from './common.ts';

const input = z.strictObject({
  from_key: issueKeyInput.describe('The issue the link reads from, e.g. PAY-1 in "PAY-1 blocks PAY-2"'),
  to_key: issueKeyInput.describe('The issue the link points to, e.g. PAY-2 in "PAY-1 blocks PAY-2"'),
  link_type: textInput(100).describe(
    'Link type name (e.g. Blocks, Relates, Duplicate; any case) or its phrase ("blocks", "is blocked by")',
  ),
  instance_id: instanceIdInput,
  idempotency_key: idempotencyKeyInput,
});

const output = z.object({
  instance_id: z.string(),
  link_type: z.string(),
  from_key: z.string(),
  to_key: z.string(),
  description: z.string().describe('The link as Jira reads it, e.g. "PAY-1 blocks PAY-2"'),
  synced: z.boolean().describe('True when the link is already in the synced data (MCP SQL)'),
});

/** A link type by name or id, else by its outward phrase, else by its inward phrase (which swaps the issues). */
export function pickLinkType(
  types: readonly JiraLinkType[],
  wanted: string,
): { type: JiraLinkType; swap: boolean } | undefined {
  const w = wanted.trim().toLowerCase();
  const byName = types.find((t) => t.name.toLowerCase() === w || t.id === wanted.trim());
  if (byName !== undefined) return { type: byName, swap: false };
  const outward = types.find((t) => t.outward.toLowerCase() === w);
  if (outward !== undefined) return { type: outward, swap: false };
  const inward = types.find((t) => t.inward.toLowerCase() === w);
  return inward === undefined ? undefined : { type: inward, swap: true };
}

function linkTypesOf(deps: McpJiraDeps, connection: JiraConnection): Promise<JiraLinkType[]> {
  const { instance } = connection;
  return cachedRead(
    deps.kv.cache,
    { tenantId: instance.tenantId, instanceId: instance.id },
    'link-types',
    {},
    () => connection.actions.linkTypes(),
  );
}

/** `jira_link_issues`: links two issues of one instance with a named link type. */
export function linkIssuesTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_link_issues',
    aliases: ['jira.link_issues'],
    title: 'Link two Jira issues',
    description:
      'Links two Jira issues of the same instance, e.g. from_key PAY-1, link_type "Blocks", to_key PAY-2 for "PAY-1 blocks PAY-2". The link type is matched by name in any case (or by its phrase); an unknown one fails with the valid types listed.',
    input,
    output,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    scope: 'write',
    handler: (args, call) =>
      runWrite(deps, call, {
        tool: 'jira_link_issues',
        args,
        instance: () => instanceForIssue(deps, call.auth.tenantId, args.from_key, args.instance_id),
        perform: async (connection) => {
          const types = await linkTypesOf(deps, connection);
          const picked = pickLinkType(types, args.link_type);
          if (picked === undefined) {
            throw new AppError(
              'validation_error',
              `unknown link type '${args.link_type}'; valid types: ${types.map((t) => `${t.name} ("${t.outward}" / "${t.inward}")`).join(', ')}`,
              {
                details: {
                  valid: types.map((t) => ({ name: t.name, outward: t.outward, inward: t.inward })),
                },
              },
            );
          }
          const [from, to] = picked.swap ? [args.to_key, args.from_key] : [args.from_key, args.to_key];
          const answer = await connection.actions.link(picked.type.name, from, to);
          const through = await writeThrough(deps, connection, [from, to], call.logger);
          const keyOf = (key: string): string => through.items.get(key)?.key ?? key;
          return {
            output: {
              instance_id: connection.instance.id,
              link_type: picked.type.name,
              from_key: keyOf(from),
              to_key: keyOf(to),
              description: `${keyOf(from)} ${picked.type.outward} ${keyOf(to)}`,
              synced: through.synced,
            },
            upstreamStatus: answer.status,
          };
        },
      }),
  });
}

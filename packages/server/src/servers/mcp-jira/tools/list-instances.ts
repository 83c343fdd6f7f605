import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';

const output = z.object({
  instances: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      base_url: z.string(),
      status: z.string().describe('active, paused (sync paused; live actions still work) or error'),
      last_sync_at: z.string().nullable(),
    }),
  ),
});

/** `jira_list_instances`: which Jira sites the tenant has connected. Never credentials. */
export function listInstancesTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_list_instances',
    aliases: ['jira.list_instances'],
    title: 'List Jira instances',
    description:
      'Lists the Jira sites (instances) connected for your organization: id, name, base URL and status. Other Jira tools take an instance_id from here; it is only needed when there are several instances.',
    input: z.strictObject({}),
    output,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    scope: 'read',
    handler: async (_args, call) => {
      const instances = await deps.instances.list(call.auth.tenantId);
      return {
        instances: instances.map((i) => ({
          id: i.id,
          name: i.name,
          base_url: i.baseUrl,
          status: i.status,
          last_sync_at: i.state.last_sync_at ?? i.state.last_backfill_at,
        })),
      };
    },
  });
}

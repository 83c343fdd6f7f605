import { z } from 'zod';
import { defineTool } from '../../../mcp/tool-definition.ts';
import type { SourceInstance } from '../../../repositories/source-instances.ts';
import { instanceErrorSchema } from '../across-instances.ts';
import { cachedAcrossInstances } from '../cached-across-instances.ts';
import type { McpJiraDeps } from '../mcp-jira-deps.ts';
import { instanceIdInput, textInput } from './common.ts';

/** Jira's page size for project search. */
const PAGE = 50;

const input = z.strictObject({
  instance_id: instanceIdInput.describe('List one instance’s projects; all instances when omitted'),
  query: textInput(100).optional().describe('Only projects whose key or name contains this'),
  limit: z.number().int().min(1).max(1000).default(200).describe('Most projects per instance'),
});

const output = z.object({
  projects: z.array(z.object({ instance_id: z.string(), key: z.string(), name: z.string(), id: z.string() })),
  truncated: z.boolean().describe('True when an instance has more projects than limit'),
  instance_errors: z.array(instanceErrorSchema),
});

interface InstanceProjects {
  projects: Array<{ id: string; key: string; name: string }>;
  truncated: boolean;
}

async function projectsOf(
  deps: McpJiraDeps,
  instance: SourceInstance,
  query: string | undefined,
  limit: number,
): Promise<InstanceProjects> {
  const { actions } = deps.instances.connect(instance);
  const projects: InstanceProjects['projects'] = [];
  for (let startAt: number | null = 0; startAt !== null;) {
    const page = await actions.listProjects({
      query,
      startAt,
      maxResults: Math.min(PAGE, limit - projects.length + 1),
    });
    projects.push(...page.projects);
    if (projects.length > limit) return { projects: projects.slice(0, limit), truncated: true };
    startAt = page.nextStartAt;
  }
  return { projects, truncated: false };
}

/** `jira_list_projects`: the projects of one or every Jira instance, by key. */
export function listProjectsTool(deps: McpJiraDeps) {
  return defineTool({
    name: 'jira_list_projects',
    aliases: ['jira.list_projects'],
    title: 'List Jira projects',
    description:
      'Lists Jira projects (key, name, id) with the instance each belongs to, optionally filtered by a text in the key or name. Use a project key in JQL or to create issues.',
    input,
    output,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    scope: 'read',
    handler: async (args, call) => {
      const { answers, errors } = await cachedAcrossInstances(deps, call, args.instance_id, {
        kind: 'projects',
        key: { q: args.query, l: args.limit },
        fetch: (instance) => projectsOf(deps, instance, args.query, args.limit),
      });
      return {
        projects: answers.flatMap(({ instance, value }) =>
          value.projects.map((p) => ({ instance_id: instance.id, ...p })),
        ),
        truncated: answers.some((a) => a.value.truncated),
        instance_errors: errors,
      };
    },
  });
}

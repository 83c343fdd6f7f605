import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { CreateItemInput, UpdateItemInput } from '../source-adapter.ts';
import { ISSUE_STATES, LABELS_BY_NAME, TEAM_BY_KEY } from './linear-documents.ts';
import type { LinearGraphQL } from './linear-graphql.ts';

const PRIORITY_NAMES: Record<string, number> = {
  none: 0,
  'no priority': 0,
  urgent: 1,
  critical: 1,
  highest: 1,
  high: 2,
  medium: 3,
  normal: 3,
  low: 4,
  lowest: 4,
};

/** Linear's priority number from `0`-`4` or a name (Urgent, High, Medium, Low, No priority and common synonyms). */
export function priorityNumber(priority: string): number {
  const value = priority.trim().toLowerCase();
  if (/^[0-4]$/.test(value)) return Number(value);
  const named = PRIORITY_NAMES[value];
  if (named === undefined) {
    throw new AppError(
      'validation_error',
      `priority: Linear knows 0-4 or Urgent, High, Medium, Low, No priority, not "${priority}"`,
    );
  }
  return named;
}

const teamAnswer = z
  .object({ teams: z.object({ nodes: z.array(z.object({ id: z.string() }).loose()) }).loose() })
  .loose();
const labelsAnswer = z
  .object({
    issueLabels: z
      .object({
        nodes: z.array(
          z
            .object({
              id: z.string(),
              name: z.string(),
              team: z.object({ key: z.string() }).loose().nullable(),
            })
            .loose(),
        ),
      })
      .loose(),
  })
  .loose();
export const issueStatesAnswer = z
  .object({
    issue: z
      .object({
        id: z.string(),
        state: z.object({ id: z.string() }).loose(),
        team: z
          .object({
            key: z.string(),
            states: z.object({
              nodes: z.array(
                z
                  .object({ id: z.string(), name: z.string(), type: z.string(), position: z.number() })
                  .loose(),
              ),
            }),
          })
          .loose(),
      })
      .loose(),
  })
  .loose();

export async function teamIdOf(gql: LinearGraphQL, key: string): Promise<string> {
  const { data } = await gql.query(TEAM_BY_KEY, { key }, teamAnswer);
  const team = data.teams.nodes[0];
  if (team === undefined) throw new AppError('not_found', `linear has no team with key ${key}`);
  return team.id;
}

/** Label ids by name, the team's own label winning over a workspace label of the same name. */
async function labelIdsOf(gql: LinearGraphQL, teamKey: string, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { data } = await gql.query(LABELS_BY_NAME, { names: [...new Set(names)] }, labelsAnswer);
  const usable = data.issueLabels.nodes.filter((l) => l.team === null || l.team.key === teamKey);
  const missing: string[] = [];
  const ids = names.map((name) => {
    const found =
      usable.find((l) => l.name === name && l.team !== null) ?? usable.find((l) => l.name === name);
    if (found === undefined) missing.push(name);
    return found?.id ?? '';
  });
  if (missing.length > 0) {
    throw new AppError(
      'validation_error',
      `labels: team ${teamKey} has no label named ${missing.map((m) => `"${m}"`).join(', ')}`,
    );
  }
  return [...new Set(ids)];
}

/** The fields common to IssueCreateInput and IssueUpdateInput; Linear takes identifiers (ENG-42) for `parentId`. */
async function commonInput(
  gql: LinearGraphQL,
  teamKey: () => Promise<string>,
  input: UpdateItemInput,
): Promise<Record<string, unknown>> {
  return {
    ...input.fields,
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.priority !== undefined ? { priority: priorityNumber(input.priority) } : {}),
    ...(input.assigneeAccountId !== undefined ? { assigneeId: input.assigneeAccountId } : {}),
    ...(input.parentKey !== undefined ? { parentId: input.parentKey } : {}),
    ...(input.labels !== undefined ? { labelIds: await labelIdsOf(gql, await teamKey(), input.labels) } : {}),
  };
}

/**
 * `IssueCreateInput` for an item: the team resolved from the project key, labels by name. Linear has no issue
 * types, so `type` is not sent; `fields` pass through as IssueCreateInput fields (estimate, stateId, projectId...).
 */
export async function createInput(
  gql: LinearGraphQL,
  input: CreateItemInput,
): Promise<Record<string, unknown>> {
  const teamId = await teamIdOf(gql, input.projectKey);
  return { ...(await commonInput(gql, () => Promise.resolve(input.projectKey), input)), teamId };
}

/** `IssueUpdateInput`; the issue's team is looked up only when labels need resolving. */
export async function updateInput(
  gql: LinearGraphQL,
  key: string,
  input: UpdateItemInput,
): Promise<Record<string, unknown>> {
  return commonInput(
    gql,
    async () => (await gql.query(ISSUE_STATES, { id: key }, issueStatesAnswer)).data.issue.team.key,
    input,
  );
}

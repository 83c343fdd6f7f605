import { z } from 'zod';
import { jiraStatusSchema, jiraUserSchema } from './jira-payloads.ts';

/** The parts of Jira's non-issue payloads the adapter reads (projects, fields, statuses, transitions). */

export const jiraProjectSchema = z
  .object({ id: z.string().min(1), key: z.string().min(1), name: z.string() })
  .loose();

export const jiraProjectPageSchema = z
  .object({
    values: z.array(z.unknown()),
    startAt: z.number().int(),
    total: z.number().int().optional(),
    isLast: z.boolean().optional(),
  })
  .loose();

export const jiraFieldListSchema = z.array(
  z
    .object({
      id: z.string(),
      name: z.string(),
      custom: z.boolean().optional(),
      schema: z.object({ type: z.string().optional(), custom: z.string().optional() }).loose().optional(),
    })
    .loose(),
);
export type JiraFieldList = z.infer<typeof jiraFieldListSchema>;

export const jiraStatusListSchema = z.array(jiraStatusSchema);

export const jiraTransitionListSchema = z
  .object({
    transitions: z.array(z.object({ id: z.string(), name: z.string(), to: jiraStatusSchema }).loose()),
  })
  .loose();

export const jiraUserListSchema = z.array(jiraUserSchema);

export const jiraCreatedIssueSchema = z.object({ id: z.string(), key: z.string() }).loose();
export const jiraCreatedCommentSchema = z.object({ id: z.string() }).loose();
export const jiraApproximateCountSchema = z.object({ count: z.number().int().min(0) }).loose();

/** The sprint custom field (GreenHopper): an array of sprints, newest last. */
export const jiraSprintListSchema = z
  .array(z.object({ id: z.number(), name: z.string(), state: z.string().optional() }).loose())
  .nullish();
export const jiraStoryPointsSchema = z.number().nullish();

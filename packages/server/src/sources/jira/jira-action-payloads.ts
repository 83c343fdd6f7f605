import { z } from 'zod';
import { jiraCommentSchema, jiraStatusSchema, jiraUserSchema } from './jira-payloads.ts';

/**
 * The parts of Jira's payloads that JiraActions reads (link types, comments, users, transitions). Loose,
 * like the adapter's own schemas: Jira adds members freely.
 */

export const jiraLinkTypeSchema = z
  .object({ id: z.string(), name: z.string(), inward: z.string(), outward: z.string() })
  .loose();
export type JiraLinkType = z.infer<typeof jiraLinkTypeSchema>;

export const jiraLinkTypeListSchema = z.object({ issueLinkTypes: z.array(jiraLinkTypeSchema) }).loose();

/** A transition as `GET /issue/{key}/transitions` lists it: where it leads is a status with its category. */
export const jiraTransitionSchema = z
  .object({ id: z.string(), name: z.string(), to: jiraStatusSchema })
  .loose();
export type JiraTransition = z.infer<typeof jiraTransitionSchema>;

export const jiraTransitionsSchema = z.object({ transitions: z.array(jiraTransitionSchema) }).loose();

/** `GET /issue/{key}/comment`: one page, with the total. */
export const jiraCommentListSchema = z
  .object({
    comments: z.array(jiraCommentSchema),
    startAt: z.number().int().optional(),
    total: z.number().int(),
  })
  .loose();

/** A user of `GET /user/search`; `active` tells whether the account can be assigned. */
export const jiraFoundUserSchema = jiraUserSchema.extend({ active: z.boolean().optional() });
export type JiraFoundUser = z.infer<typeof jiraFoundUserSchema>;
export const jiraFoundUserListSchema = z.array(jiraFoundUserSchema);

/** The head of an issue: enough to tell that it exists and what it is called. */
export const jiraIssueHeadSchema = z.object({ id: z.string().min(1), key: z.string().min(1) }).loose();

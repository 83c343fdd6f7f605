import { z } from 'zod';
import { jiraTimestampSchema } from './jira-time.ts';

/**
 * The parts of Jira's issue payloads the adapter reads. Objects are loose (Jira adds members freely);
 * members Jira omits or nulls when empty are optional and nullable, so a drifted payload fails on what
 * we actually use, with the path in the error.
 */

export const jiraUserSchema = z
  .object({
    accountId: z.string().min(1),
    displayName: z.string().optional(),
    emailAddress: z.string().nullish(),
    accountType: z.string().optional(),
    timeZone: z.string().optional(),
  })
  .loose();
export type JiraUser = z.infer<typeof jiraUserSchema>;

export const jiraStatusSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    statusCategory: z.object({ key: z.string() }).loose(),
  })
  .loose();
export type JiraStatus = z.infer<typeof jiraStatusSchema>;

const named = z.object({ name: z.string() }).loose();
const keyed = z.object({ key: z.string() }).loose();

/**
 * A changelog item. An absent `toString` member would be read as Object.prototype.toString, so it is made
 * an own null member first (Jira sends null for an empty side; some payloads leave the member out).
 */
export const jiraChangeItemSchema = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !Object.hasOwn(value, 'toString')
      ? { ...value, toString: null }
      : value,
  z
    .object({
      field: z.string(),
      fieldtype: z.string().optional(),
      fieldId: z.string().optional(),
      from: z.string().nullish(),
      fromString: z.string().nullish(),
      to: z.string().nullish(),
      toString: z.string().nullish(),
    })
    .loose(),
);

export const jiraHistorySchema = z
  .object({
    id: z.string(),
    author: jiraUserSchema.nullish(),
    created: jiraTimestampSchema,
    items: z.array(jiraChangeItemSchema),
  })
  .loose();
export type JiraHistory = z.infer<typeof jiraHistorySchema>;

export const jiraCommentSchema = z
  .object({
    id: z.string(),
    author: jiraUserSchema.nullish(),
    body: z.unknown(),
    created: jiraTimestampSchema,
    updated: jiraTimestampSchema.nullish(),
  })
  .loose();
export type JiraComment = z.infer<typeof jiraCommentSchema>;

const jiraLinkSchema = z
  .object({
    id: z.string().optional(),
    type: named,
    inwardIssue: keyed.optional(),
    outwardIssue: keyed.optional(),
  })
  .loose();

/** A page of comments: the issue's `comment` field and `GET /issue/{key}/comment` share it. */
export const jiraCommentPageSchema = z
  .object({
    comments: z.array(jiraCommentSchema),
    startAt: z.number().int().optional(),
    total: z.number().int(),
  })
  .loose();

export const jiraIssueFieldsSchema = z
  .object({
    summary: z.string().nullish(),
    description: z.unknown().optional(),
    issuetype: named.nullish(),
    status: jiraStatusSchema,
    priority: named.nullish(),
    assignee: jiraUserSchema.nullish(),
    reporter: jiraUserSchema.nullish(),
    labels: z.array(z.string()).nullish(),
    parent: keyed.nullish(),
    project: z.object({ id: z.string(), key: z.string() }).loose().nullish(),
    components: z.array(named).nullish(),
    issuelinks: z.array(jiraLinkSchema).nullish(),
    comment: jiraCommentPageSchema.nullish(),
    resolution: named.nullish(),
    duedate: z.string().nullish(),
    created: jiraTimestampSchema,
    updated: jiraTimestampSchema,
    resolutiondate: jiraTimestampSchema.nullish(),
  })
  .loose();
export type JiraIssueFields = z.infer<typeof jiraIssueFieldsSchema>;

export const jiraIssueSchema = z
  .object({
    id: z.string().min(1),
    key: z.string().min(1),
    fields: jiraIssueFieldsSchema,
    changelog: z
      .object({ total: z.number().int(), histories: z.array(jiraHistorySchema) })
      .loose()
      .optional(),
  })
  .loose();
export type JiraIssue = z.infer<typeof jiraIssueSchema>;

/** `/search/jql`: no total; `nextPageToken` until the last page. */
export const jiraSearchPageSchema = z
  .object({
    issues: z.array(z.unknown()),
    nextPageToken: z.string().nullish(),
    isLast: z.boolean().optional(),
  })
  .loose();

/** `GET /issue/{key}/changelog`, oldest first. */
export const jiraChangelogPageSchema = z
  .object({
    values: z.array(jiraHistorySchema),
    startAt: z.number().int(),
    total: z.number().int(),
    isLast: z.boolean().optional(),
  })
  .loose();

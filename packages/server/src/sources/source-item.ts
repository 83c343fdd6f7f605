import { z } from 'zod';

/** A person as the source knows them (assignee, reporter, actor, author). */
export const sourcePersonSchema = z.object({
  accountId: z.string().min(1),
  displayName: z.string(),
  email: z.string().nullable().default(null),
});
export type SourcePerson = z.infer<typeof sourcePersonSchema>;

/**
 * A status as the source states it, with the hint that drives normalization by default:
 * Jira's status category key (new | indeterminate | done), Linear's workflow state type (triage | backlog |
 * unstarted | started | completed | canceled | duplicate), GitHub's state (open | closed | merged |
 * closed_not_planned), Asana's completion (completed | incomplete; the section is the status name).
 */
export const sourceStatusSchema = z.object({
  name: z.string(),
  category: z.string(),
});
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

/** One status change of an item's history. `eventId` is the source's id of it: replays upsert, never duplicate. */
export const sourceTransitionSchema = z.object({
  eventId: z.string().min(1),
  at: z.date(),
  actor: sourcePersonSchema.nullable(),
  from: sourceStatusSchema.nullable(),
  to: sourceStatusSchema,
});
export type SourceTransition = z.infer<typeof sourceTransitionSchema>;

export const sourceCommentSchema = z.object({
  sourceId: z.string().min(1),
  author: sourcePersonSchema.nullable(),
  /** Plain text (ADF, Markdown and rich text flattened). */
  body: z.string(),
  createdAt: z.date(),
  updatedAt: z.date().nullable(),
});
export type SourceComment = z.infer<typeof sourceCommentSchema>;

export const sourceLinkSchema = z.object({
  type: z.string().min(1),
  direction: z.enum(['outward', 'inward']),
  targetKey: z.string().min(1),
  sourceId: z.string().nullable(),
});
export type SourceLink = z.infer<typeof sourceLinkSchema>;

/**
 * A work item as an adapter hands it to the sync engine: the source's own values (normalization happens
 * later, from these and the instance's mapping, so a mapping change never needs the source again), its
 * history, comments and links, and the payload it came from.
 */
export const sourceItemSchema = z.object({
  /** Stable upstream id (Jira issue id, GitHub node number within repo as `owner/repo#n`, Asana gid, Linear uuid). */
  sourceId: z.string().min(1),
  /** The key people use: PAY-123, owner/repo#12, the Asana gid, ENG-42. */
  key: z.string().min(1),
  /** The project it belongs to: Jira project key, `owner/repo`, Asana project gid, Linear team key. */
  projectKey: z.string().min(1),
  title: z.string(),
  description: z.string().nullable(),
  /** Source type name (Bug, Story, Sub-task; `pull_request` or `issue` on GitHub; `task`/`subtask` on Asana). */
  type: z.string(),
  status: sourceStatusSchema,
  /** Source priority name (Highest, P1, Urgent...), or null when the source has none for it. */
  priority: z.string().nullable(),
  assignee: sourcePersonSchema.nullable(),
  reporter: sourcePersonSchema.nullable(),
  labels: z.array(z.string()),
  team: z.string().nullable(),
  parentKey: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** When it was resolved/closed/completed, as the source records it. */
  closedAt: z.date().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  transitions: z.array(sourceTransitionSchema),
  comments: z.array(sourceCommentSchema),
  links: z.array(sourceLinkSchema),
  raw: z.unknown(),
});
export type SourceItem = z.infer<typeof sourceItemSchema>;

export const sourceProjectSchema = z.object({
  sourceId: z.string().min(1),
  key: z.string().min(1),
  name: z.string(),
  team: z.string().nullable(),
  raw: z.unknown(),
});
export type SourceProject = z.infer<typeof sourceProjectSchema>;

/** A page of items of one project. `nextCursor` is opaque; null on the last page. */
export interface ItemPage {
  items: SourceItem[];
  nextCursor: string | null;
  /** Total the source reports for this query, when it does (progress reporting). */
  expectedTotal: number | null;
}

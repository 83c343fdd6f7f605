import { z } from 'zod';

/**
 * The parts of Linear's GraphQL answers the adapter reads, as the documents in linear-documents.ts select them.
 * Objects are loose: a field Linear adds passes through into `raw`, a field we read that drifts is a clear error.
 */

const dateTime = z.iso.datetime({ offset: true });

export const pageInfoSchema = z
  .object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() })
  .loose();

export const userSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string().nullable() })
  .loose();
export type LinearUser = z.infer<typeof userSchema>;

export const stateSchema = z.object({ id: z.string(), name: z.string(), type: z.string() }).loose();

export const historyEntrySchema = z
  .object({
    id: z.string(),
    createdAt: dateTime,
    actor: userSchema.nullable(),
    fromState: stateSchema.nullable(),
    toState: stateSchema.nullable(),
  })
  .loose();
export type LinearHistoryEntry = z.infer<typeof historyEntrySchema>;

export const commentSchema = z
  .object({
    id: z.string(),
    body: z.string(),
    createdAt: dateTime,
    updatedAt: dateTime,
    user: userSchema.nullable(),
  })
  .loose();
export type LinearComment = z.infer<typeof commentSchema>;

export const historyPageSchema = z
  .object({ nodes: z.array(historyEntrySchema), pageInfo: pageInfoSchema })
  .loose();
export const commentPageSchema = z
  .object({ nodes: z.array(commentSchema), pageInfo: pageInfoSchema })
  .loose();

const relationSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    relatedIssue: z.object({ identifier: z.string() }).loose().nullable(),
  })
  .loose();
const inverseRelationSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    issue: z.object({ identifier: z.string() }).loose().nullable(),
  })
  .loose();

export const issueSchema = z
  .object({
    id: z.string(),
    identifier: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    priority: z.number(),
    priorityLabel: z.string(),
    estimate: z.number().nullable(),
    url: z.string(),
    createdAt: dateTime,
    updatedAt: dateTime,
    startedAt: dateTime.nullable(),
    completedAt: dateTime.nullable(),
    canceledAt: dateTime.nullable(),
    archivedAt: dateTime.nullable(),
    trashed: z.boolean().nullable(),
    state: stateSchema,
    team: z.object({ id: z.string(), key: z.string(), name: z.string() }).loose(),
    assignee: userSchema.nullable(),
    creator: userSchema.nullable(),
    project: z.object({ id: z.string(), name: z.string() }).loose().nullable(),
    cycle: z.object({ id: z.string(), number: z.number(), name: z.string().nullable() }).loose().nullable(),
    parent: z.object({ id: z.string(), identifier: z.string() }).loose().nullable(),
    labels: z.object({ nodes: z.array(z.object({ id: z.string(), name: z.string() }).loose()) }).loose(),
    relations: z.object({ nodes: z.array(relationSchema) }).loose(),
    inverseRelations: z.object({ nodes: z.array(inverseRelationSchema) }).loose(),
    history: historyPageSchema,
    comments: commentPageSchema,
  })
  .loose();
export type LinearIssue = z.infer<typeof issueSchema>;

export const teamSchema = z
  .object({ id: z.string(), key: z.string(), name: z.string(), description: z.string().nullable() })
  .loose();

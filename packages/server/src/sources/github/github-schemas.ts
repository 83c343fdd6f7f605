import { z } from 'zod';

/**
 * The parts of GitHub's REST payloads the adapter reads. Objects are loose (GitHub adds fields all the
 * time); a field we rely on that drifts fails the parse with a clear path instead of crashing later.
 */

export const githubUserSchema = z.looseObject({
  login: z.string(),
  id: z.number(),
  name: z.string().nullish(),
  email: z.string().nullish(),
});
export type GithubUser = z.infer<typeof githubUserSchema>;

export const githubLabelSchema = z.looseObject({ name: z.string() });

/** An issue as the issues endpoints return it; pull requests carry a `pull_request` key. */
export const githubIssueSchema = z.looseObject({
  id: z.number(),
  node_id: z.string().optional(),
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  html_url: z.string().optional(),
  repository_url: z.string().optional(),
  state: z.enum(['open', 'closed']),
  state_reason: z.string().nullish(),
  locked: z.boolean().optional(),
  user: githubUserSchema.nullable(),
  labels: z.array(z.union([githubLabelSchema, z.string()])),
  assignee: githubUserSchema.nullish(),
  assignees: z.array(githubUserSchema).nullish(),
  milestone: z.looseObject({ title: z.string() }).nullish(),
  comments: z.number().int().min(0),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
  closed_at: z.iso.datetime({ offset: true }).nullable(),
  author_association: z.string().optional(),
  draft: z.boolean().optional(),
  pull_request: z.looseObject({ merged_at: z.iso.datetime({ offset: true }).nullish() }).optional(),
  type: z.looseObject({ name: z.string() }).nullish(),
});
export type GithubIssue = z.infer<typeof githubIssueSchema>;

export const githubIssueListSchema = z.array(githubIssueSchema);

/**
 * One entry of an issue's timeline. Comments arrive as `commented` entries; some kinds (cross-references,
 * commits) have no `id`, and only the kinds that change an item's state are read further.
 */
export const githubTimelineEntrySchema = z.looseObject({
  event: z.string(),
  id: z.number().optional(),
  node_id: z.string().optional(),
  created_at: z.iso.datetime({ offset: true }).optional(),
  updated_at: z.iso.datetime({ offset: true }).optional(),
  actor: githubUserSchema.nullish(),
  user: githubUserSchema.nullish(),
  label: z.looseObject({ name: z.string() }).optional(),
  state_reason: z.string().nullish(),
  body: z.string().nullish(),
});
export type GithubTimelineEntry = z.infer<typeof githubTimelineEntrySchema>;

export const githubTimelineSchema = z.array(githubTimelineEntrySchema);

export const githubRepoSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  owner: z.looseObject({ login: z.string() }),
  has_issues: z.boolean().optional(),
});
export const githubRepoListSchema = z.array(githubRepoSchema);

export const githubCommentSchema = z.looseObject({ id: z.number() });

/** GitHub's error body: `{ message, errors?: [{ resource, field, code, message? }] }`. */
export const githubErrorBodySchema = z.looseObject({
  message: z.string().optional(),
  errors: z
    .array(
      z.union([
        z.string(),
        z.looseObject({
          resource: z.string().optional(),
          field: z.string().optional(),
          code: z.string().optional(),
          message: z.string().optional(),
        }),
      ]),
    )
    .optional(),
});

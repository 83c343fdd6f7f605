import { z } from 'zod';
import { adfToText } from '../../sources/jira/adf.ts';
import { unexpectedPayload } from '../../sources/jira/jira-errors.ts';
import {
  jiraCommentPageSchema,
  jiraHistorySchema,
  type JiraComment,
  type JiraHistory,
} from '../../sources/jira/jira-payloads.ts';
import { personView, personViewSchema } from './issue-view.ts';

/** Comments and changelog entries as a model reads them: plain text bodies, ISO times, named people. */

export const commentViewSchema = z.object({
  id: z.string(),
  author: personViewSchema.nullable(),
  body: z.string().describe('plain text (rich text flattened)'),
  created: z.string(),
  updated: z.string().nullable(),
});
export type CommentView = z.infer<typeof commentViewSchema>;

export const historyViewSchema = z.object({
  id: z.string(),
  at: z.string(),
  author: personViewSchema.nullable(),
  changes: z.array(z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
});
export type HistoryView = z.infer<typeof historyViewSchema>;

export function commentView(comment: JiraComment): CommentView {
  return {
    id: comment.id,
    author: personView(comment.author),
    body: adfToText(comment.body) ?? '',
    created: comment.created.toISOString(),
    updated: comment.updated?.toISOString() ?? null,
  };
}

function historyView(history: JiraHistory): HistoryView {
  return {
    id: history.id,
    at: history.created.toISOString(),
    author: personView(history.author),
    changes: history.items.map((item) => ({
      field: item.field,
      from: item.fromString ?? null,
      to: item.toString ?? null,
    })),
  };
}

const withChangelogSchema = z
  .object({
    changelog: z
      .object({ total: z.number().int().optional(), histories: z.array(jiraHistorySchema) })
      .loose()
      .optional(),
  })
  .loose();

const withCommentsSchema = z
  .object({ fields: z.object({ comment: jiraCommentPageSchema.nullish() }).loose() })
  .loose();

/** The changelog Jira inlined in an issue (`expand=changelog`), oldest first, with how many exist in all. */
export function changelogOf(raw: unknown): { total: number; histories: HistoryView[] } {
  const parsed = withChangelogSchema.safeParse(raw);
  if (!parsed.success) throw unexpectedPayload('an issue changelog', parsed.error);
  const histories = [...(parsed.data.changelog?.histories ?? [])].sort(
    (a, b) => a.created.getTime() - b.created.getTime() || a.id.localeCompare(b.id),
  );
  return { total: parsed.data.changelog?.total ?? histories.length, histories: histories.map(historyView) };
}

/** The comments Jira inlined in an issue (its `comment` field), with how many exist in all. */
export function commentsOf(raw: unknown): { total: number; comments: CommentView[] } {
  const parsed = withCommentsSchema.safeParse(raw);
  if (!parsed.success) throw unexpectedPayload('issue comments', parsed.error);
  const page = parsed.data.fields.comment;
  return { total: page?.total ?? 0, comments: (page?.comments ?? []).map(commentView) };
}

import { z } from 'zod';
import { ISSUE_COMMENTS, ISSUE_HISTORY } from './linear-documents.ts';
import type { LinearGraphQL } from './linear-graphql.ts';
import type { CompleteIssue } from './linear-mapper.ts';
import { commentPageSchema, historyPageSchema, type LinearIssue } from './linear-payloads.ts';

const historyAnswer = z.object({ issue: z.object({ history: historyPageSchema }).loose() }).loose();
const commentsAnswer = z.object({ issue: z.object({ comments: commentPageSchema }).loose() }).loose();

/** Pages on from `after` until Linear says there is no more, gathering every node. */
async function rest<T>(
  after: string | null,
  page: (
    after: string,
  ) => Promise<{ nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>,
): Promise<T[]> {
  const nodes: T[] = [];
  let cursor = after;
  while (cursor !== null) {
    const next = await page(cursor);
    nodes.push(...next.nodes);
    cursor = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
  }
  return nodes;
}

/**
 * Completes an issue's nested history and comments: the issue query carries their first pages, and an issue with
 * more is followed up with `issue(id) { history(after:) }` (and comments) until the end. Sequential, since it is
 * rare and every request spends the instance's shared budget anyway.
 */
export async function completeIssue(gql: LinearGraphQL, issue: LinearIssue): Promise<CompleteIssue> {
  const moreHistory = issue.history.pageInfo.hasNextPage ? issue.history.pageInfo.endCursor : null;
  const moreComments = issue.comments.pageInfo.hasNextPage ? issue.comments.pageInfo.endCursor : null;
  const history = [
    ...issue.history.nodes,
    ...(await rest(moreHistory, async (after) => {
      const { data } = await gql.query(ISSUE_HISTORY, { id: issue.id, after }, historyAnswer);
      return data.issue.history;
    })),
  ];
  const comments = [
    ...issue.comments.nodes,
    ...(await rest(moreComments, async (after) => {
      const { data } = await gql.query(ISSUE_COMMENTS, { id: issue.id, after }, commentsAnswer);
      return data.issue.comments;
    })),
  ];
  return { issue, history, comments };
}

/** Completes a page of issues, in order. */
export async function completeIssues(
  gql: LinearGraphQL,
  issues: readonly LinearIssue[],
): Promise<CompleteIssue[]> {
  const complete: CompleteIssue[] = [];
  for (const issue of issues) complete.push(await completeIssue(gql, issue));
  return complete;
}

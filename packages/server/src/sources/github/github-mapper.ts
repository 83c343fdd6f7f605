import type { SourceComment, SourceItem } from '../source-item.ts';
import type { RepoRef } from './github-keys.ts';
import { itemKey, repoKey } from './github-keys.ts';
import { closingLinks } from './github-links.ts';
import { personOf } from './github-people.ts';
import type { GithubIssue, GithubTimelineEntry } from './github-schemas.ts';
import { statusOf, transitionsOf } from './github-status.ts';
import { markdownToText } from './markdown-text.ts';

/** The repository an issue belongs to, as GitHub spells it (its `repository_url`), else the one asked for. */
export function repoOfIssue(issue: GithubIssue, asked: RepoRef): RepoRef {
  const match = /\/repos\/([^/]+)\/([^/]+)\/?$/.exec(issue.repository_url ?? '');
  return match?.[1] && match[2] ? { owner: match[1], repo: match[2] } : asked;
}

export function labelNames(issue: GithubIssue): string[] {
  return issue.labels.map((label) => (typeof label === 'string' ? label : label.name));
}

/**
 * A GitHub issue or pull request as a SourceItem: GitHub's own values (state hint, labels, logins), the
 * status history from its timeline, comments as plain text, closing-keyword links, and `raw` = the issue
 * payload as GitHub sent it. `timeline` is empty for items that have none (see needsHistory).
 */
export function toSourceItem(
  issue: GithubIssue,
  raw: unknown,
  timeline: readonly GithubTimelineEntry[],
  asked: RepoRef,
): SourceItem {
  const repo = repoOfIssue(issue, asked);
  const isPullRequest = issue.pull_request !== undefined;
  const labels = labelNames(issue);
  const mergedAt = issue.pull_request?.merged_at ?? null;
  const assignees = issue.assignees ?? (issue.assignee ? [issue.assignee] : []);
  const assignee = issue.assignee ?? assignees[0] ?? null;
  return {
    sourceId: String(issue.id),
    key: itemKey(repo, issue.number),
    projectKey: repoKey(repo),
    title: issue.title,
    description: issue.body ? markdownToText(issue.body) : null,
    type: isPullRequest ? 'pull_request' : 'issue',
    status: statusOf({
      isPullRequest,
      state: issue.state,
      stateReason: issue.state_reason ?? null,
      merged: mergedAt !== null,
      labels,
    }),
    // GitHub has no priority field; normalization falls back to priority labels.
    priority: null,
    assignee: assignee ? personOf(assignee) : null,
    reporter: issue.user ? personOf(issue.user) : null,
    labels,
    team: null,
    parentKey: null,
    createdAt: new Date(issue.created_at),
    updatedAt: new Date(issue.updated_at),
    closedAt: issue.closed_at === null ? null : new Date(issue.closed_at),
    customFields: {
      number: issue.number,
      node_id: issue.node_id ?? null,
      html_url: issue.html_url ?? null,
      state_reason: issue.state_reason ?? null,
      locked: issue.locked ?? false,
      draft: issue.draft ?? null,
      merged_at: mergedAt,
      milestone: issue.milestone?.title ?? null,
      issue_type: issue.type?.name ?? null,
      assignees: assignees.map((a) => a.login),
      author_association: issue.author_association ?? null,
      comment_count: issue.comments,
    },
    transitions: transitionsOf(timeline, isPullRequest),
    comments: commentsOf(timeline),
    links: closingLinks(issue.body, repo),
    raw,
  };
}

function commentsOf(timeline: readonly GithubTimelineEntry[]): SourceComment[] {
  const comments: SourceComment[] = [];
  for (const entry of timeline) {
    if (entry.event !== 'commented' || entry.id === undefined || entry.created_at === undefined) continue;
    const author = entry.user ?? entry.actor ?? null;
    comments.push({
      sourceId: String(entry.id),
      author: author ? personOf(author) : null,
      body: markdownToText(entry.body ?? ''),
      createdAt: new Date(entry.created_at),
      updatedAt: entry.updated_at === undefined ? null : new Date(entry.updated_at),
    });
  }
  return comments;
}

import pLimit from 'p-limit';
import type { SourceItem } from '../source-item.ts';
import type { GithubOctokit } from './github-client.ts';
import { parseUpstream } from './github-errors.ts';
import type { ItemRef, RepoRef } from './github-keys.ts';
import { labelNames, repoOfIssue, toSourceItem } from './github-mapper.ts';
import { githubTimelineSchema, type GithubIssue, type GithubTimelineEntry } from './github-schemas.ts';
import { isInProgressLabel } from './github-status.ts';

/** Timelines fetched at once per page of items; the throttling plugin caps an instance at 10 in flight. */
const TIMELINE_CONCURRENCY = 8;

/**
 * Whether an item can have any history: something happened after creation (updated_at moved), it is
 * closed, it has comments, or it was opened with an in-progress label (a status change at creation).
 * An item for which none holds has an empty timeline, so its request is saved.
 */
export function needsHistory(issue: GithubIssue): boolean {
  return (
    issue.updated_at !== issue.created_at ||
    issue.state === 'closed' ||
    issue.comments > 0 ||
    labelNames(issue).some(isInProgressLabel)
  );
}

/** Every entry of an item's timeline (events and comments), following the `link` header page by page. */
export async function timelineOf(octokit: GithubOctokit, ref: ItemRef): Promise<GithubTimelineEntry[]> {
  const entries: GithubTimelineEntry[] = [];
  const pages = octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/timeline', {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
    per_page: 100,
  });
  for await (const page of pages) entries.push(...parseUpstream(githubTimelineSchema, page.data, 'timeline'));
  return entries;
}

/** Issues (with their raw payloads) as SourceItems with history, timelines fetched with bounded concurrency. */
export async function withHistory(
  octokit: GithubOctokit,
  issues: ReadonlyArray<{ issue: GithubIssue; raw: unknown }>,
  asked: RepoRef,
): Promise<SourceItem[]> {
  const limit = pLimit(TIMELINE_CONCURRENCY);
  const one = async ({ issue, raw }: { issue: GithubIssue; raw: unknown }): Promise<SourceItem> => {
    const repo = repoOfIssue(issue, asked);
    const timeline = needsHistory(issue) ? await timelineOf(octokit, { ...repo, number: issue.number }) : [];
    return toSourceItem(issue, raw, timeline, asked);
  };
  try {
    return await Promise.all(issues.map((entry) => limit(() => one(entry))));
  } finally {
    // After a failure the page is lost anyway: do not start the timelines still queued.
    limit.clearQueue();
  }
}

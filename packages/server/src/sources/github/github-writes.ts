import { AppError } from '../../errors/app-error.ts';
import type { CreateItemInput, UpdateItemInput } from '../source-adapter.ts';
import type { GithubOctokit } from './github-client.ts';
import { parseUpstream } from './github-errors.ts';
import type { ItemRef, RepoRef } from './github-keys.ts';
import { githubCommentSchema, githubIssueSchema, type GithubIssue } from './github-schemas.ts';

/**
 * Writes to GitHub issues. Request bodies go through Octokit's `data` so caller-supplied `fields` can only
 * ever become body members, never request options (`baseUrl`, `headers`). Creating POSTs are not retried
 * after a 5xx or a dropped connection: the issue or comment may exist already.
 */

export interface IssueAnswer {
  issue: GithubIssue;
  raw: unknown;
}

const NO_RETRY = { retries: 0 };

function refuseUnsupported(input: UpdateItemInput): void {
  if (input.type !== undefined && input.type.toLowerCase() !== 'issue') {
    throw new AppError(
      'validation_error',
      'type: GitHub creates issues here; pull requests come from branches',
    );
  }
  if (input.priority !== undefined) {
    throw new AppError(
      'validation_error',
      'priority: GitHub issues have no priority; use a label such as "priority: high"',
    );
  }
  if (input.parentKey !== undefined) {
    throw new AppError('validation_error', 'parentKey: sub-issues are not supported by this adapter');
  }
}

/** The request body: source-specific `fields` first, the named inputs over them. */
function bodyOf(input: UpdateItemInput): Record<string, unknown> {
  const body: Record<string, unknown> = { ...input.fields };
  if (input.title !== undefined) body.title = input.title;
  if (input.description !== undefined) body.body = input.description;
  if (input.labels !== undefined) body.labels = input.labels;
  if (input.assigneeAccountId !== undefined) body.assignees = [input.assigneeAccountId];
  return body;
}

function answer(data: unknown): IssueAnswer {
  return { issue: parseUpstream(githubIssueSchema, data, 'issue'), raw: data };
}

export async function createIssue(
  octokit: GithubOctokit,
  repo: RepoRef,
  input: CreateItemInput,
): Promise<IssueAnswer> {
  refuseUnsupported(input);
  const response = await octokit.request({
    method: 'POST',
    url: '/repos/{owner}/{repo}/issues',
    owner: repo.owner,
    repo: repo.repo,
    data: bodyOf(input),
    request: NO_RETRY,
  });
  return answer(response.data);
}

export async function updateIssue(
  octokit: GithubOctokit,
  ref: ItemRef,
  input: UpdateItemInput,
): Promise<IssueAnswer> {
  refuseUnsupported(input);
  const body = bodyOf(input);
  if (Object.keys(body).length === 0) throw new AppError('validation_error', 'update: nothing to change');
  return patchIssue(octokit, ref, body);
}

async function patchIssue(
  octokit: GithubOctokit,
  ref: ItemRef,
  body: Record<string, unknown>,
): Promise<IssueAnswer> {
  const response = await octokit.request({
    method: 'PATCH',
    url: '/repos/{owner}/{repo}/issues/{issue_number}',
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
    data: body,
  });
  return answer(response.data);
}

export async function addComment(
  octokit: GithubOctokit,
  ref: ItemRef,
  body: string,
): Promise<{ sourceId: string }> {
  if (body.trim() === '') throw new AppError('validation_error', 'body: a comment needs text');
  const response = await octokit.request({
    method: 'POST',
    url: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
    data: { body },
    request: NO_RETRY,
  });
  return { sourceId: String(parseUpstream(githubCommentSchema, response.data, 'comment').id) };
}

/** State changes GitHub offers, by id: what the PATCH sends and the status name it leads to. */
const TRANSITIONS = {
  close: { name: 'Close as completed', body: { state: 'closed', state_reason: 'completed' }, to: 'closed' },
  close_not_planned: {
    name: 'Close as not planned',
    body: { state: 'closed', state_reason: 'not_planned' },
    to: 'not_planned',
  },
  close_pull_request: { name: 'Close without merging', body: { state: 'closed' }, to: 'closed_unmerged' },
  reopen: { name: 'Reopen', body: { state: 'open' }, to: 'open' },
} as const;
type TransitionId = keyof typeof TRANSITIONS;

/** The state changes open to an item now: close (two ways) when open, reopen when closed and not merged. */
export function transitionsFor(issue: GithubIssue): Array<{ id: string; name: string; to: string }> {
  const isPullRequest = issue.pull_request !== undefined;
  let ids: TransitionId[];
  if (issue.state === 'open') ids = isPullRequest ? ['close_pull_request'] : ['close', 'close_not_planned'];
  else ids = issue.pull_request?.merged_at ? [] : ['reopen'];
  return ids.map((id) => ({ id, name: TRANSITIONS[id].name, to: TRANSITIONS[id].to }));
}

export async function applyTransition(octokit: GithubOctokit, ref: ItemRef, id: string): Promise<void> {
  if (!Object.hasOwn(TRANSITIONS, id)) {
    throw new AppError('validation_error', `transition: unknown id ${JSON.stringify(id)}`, {
      details: { known: Object.keys(TRANSITIONS) },
    });
  }
  await patchIssue(octokit, ref, { ...TRANSITIONS[id as TransitionId].body });
}

import { shaOf } from './history.ts';
import { HTML_BASE, iso, labelsOf, nodeId, repositoryJson, userAt } from './render-repo.ts';
import { assigneesOf, detailsOf, textOf, type GithubStore } from './store.ts';
import { FLAG, STATE_REASONS } from './table.ts';

/** JSON of issues and pull requests, shaped as api.github.com answers. */

export const ISSUE_ID_BASE = 1_800_000_000;
export const PULL_ID_BASE = 2_400_000_000;

export function reactions(url: string) {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

export function authorAssociation(store: GithubStore, repo: number, user: number): string {
  return store.world.repos[repo]?.members.includes(user) ? 'MEMBER' : 'CONTRIBUTOR';
}

function repoOf(store: GithubStore, g: number) {
  const repo = store.world.repos[store.table.repo[g] ?? 0];
  if (!repo) throw new RangeError(`item ${g} has no repository`);
  return repo;
}

export function itemUrls(api: string, store: GithubStore, g: number) {
  const repo = repoOf(store, g);
  const number = store.table.number[g] ?? 0;
  const fullName = `${store.world.org.login}/${repo.name}`;
  return {
    repoApi: `${api}/repos/${fullName}`,
    issue: `${api}/repos/${fullName}/issues/${number}`,
    pull: `${api}/repos/${fullName}/pulls/${number}`,
    html: `${HTML_BASE}/${fullName}/${store.table.has(g, FLAG.pullRequest) ? 'pull' : 'issues'}/${number}`,
    htmlPull: `${HTML_BASE}/${fullName}/pull/${number}`,
  };
}

/**
 * An issue (pull requests included, with their `pull_request` key). `single` adds what only the single-issue
 * endpoint returns (`closed_by`), which needs the item's history.
 */
export function issueJson(api: string, store: GithubStore, g: number, single: boolean) {
  const t = store.table;
  const { world } = store;
  const repo = repoOf(store, g);
  const urls = itemUrls(api, store, g);
  const { title, body } = textOf(store, g);
  const assignees = assigneesOf(store, g).map((a) => userAt(api, world, a));
  const isPull = t.has(g, FLAG.pullRequest);
  const open = t.has(g, FLAG.open);
  const closedAt = t.closedAt[g] ?? 0;
  const mergedAt = t.mergedAt[g] ?? 0;
  const author = t.author[g] ?? 0;
  const json: Record<string, unknown> = {
    url: urls.issue,
    repository_url: urls.repoApi,
    labels_url: `${urls.issue}/labels{/name}`,
    comments_url: `${urls.issue}/comments`,
    events_url: `${urls.issue}/events`,
    html_url: urls.html,
    id: ISSUE_ID_BASE + g,
    node_id: nodeId(isPull ? 'PR' : 'I', ISSUE_ID_BASE + g),
    number: t.number[g] ?? 0,
    title,
    user: userAt(api, world, author),
    labels: labelsOf(api, world, repo, t.labels[g] ?? 0),
    state: open ? 'open' : 'closed',
    locked: t.has(g, FLAG.locked),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: t.comments[g] ?? 0,
    created_at: iso(t.createdAt[g] ?? 0),
    updated_at: iso(t.updatedAt[g] ?? 0),
    closed_at: open || closedAt === 0 ? null : iso(closedAt),
    author_association: authorAssociation(store, repo.index, author),
    active_lock_reason: null,
  };
  if (isPull) {
    json.draft = t.has(g, FLAG.draft);
    json.pull_request = {
      url: urls.pull,
      html_url: urls.htmlPull,
      diff_url: `${urls.htmlPull}.diff`,
      patch_url: `${urls.htmlPull}.patch`,
      merged_at: mergedAt === 0 ? null : iso(mergedAt),
    };
  }
  json.body = body;
  if (single) {
    const closer = open ? undefined : detailsOf(store, g).events.findLast((e) => e.kind === 'closed');
    json.closed_by = closer ? userAt(api, world, closer.actor) : null;
  }
  json.reactions = reactions(urls.issue);
  json.timeline_url = `${urls.issue}/timeline`;
  json.performed_via_github_app = null;
  json.state_reason = STATE_REASONS[t.reason[g] ?? 0] ?? null;
  json.sub_issues_summary = { total: 0, completed: 0, percent_completed: 0 };
  return json;
}

function branchOf(store: GithubStore, g: number): string {
  const author = store.world.users[store.table.author[g] ?? 0];
  return `${author?.login.split('-')[0] ?? 'dev'}/change-${store.table.number[g] ?? 0}`;
}

/**
 * A pull request as `GET /pulls` (simple) or `GET /pulls/{number}` (full) shows it. A list passes its
 * repository's JSON once for all its items (head and base embed it).
 */
export function pullJson(
  api: string,
  store: GithubStore,
  g: number,
  full: boolean,
  repoJson?: ReturnType<typeof repositoryJson>,
) {
  const t = store.table;
  const { world } = store;
  const repo = repoOf(store, g);
  const urls = itemUrls(api, store, g);
  const { title, body } = textOf(store, g);
  const assignees = assigneesOf(store, g).map((a) => userAt(api, world, a));
  const seed = t.seed[g] ?? 0;
  const open = t.has(g, FLAG.open);
  const closedAt = t.closedAt[g] ?? 0;
  const mergedAt = t.mergedAt[g] ?? 0;
  const author = t.author[g] ?? 0;
  const repoSide = repoJson ?? repositoryJson(api, store, repo, false);
  const org = world.org.login;
  const branch = branchOf(store, g);
  const headSha = shaOf(seed, 'head');
  const side = (ref: string, sha: string) => ({
    label: `${org}:${ref}`,
    ref,
    sha,
    user: repoSide.owner,
    repo: repoSide,
  });
  const link = (href: string) => ({ href });
  const json: Record<string, unknown> = {
    url: urls.pull,
    id: PULL_ID_BASE + g,
    node_id: nodeId('PR', PULL_ID_BASE + g),
    html_url: urls.htmlPull,
    diff_url: `${urls.htmlPull}.diff`,
    patch_url: `${urls.htmlPull}.patch`,
    issue_url: urls.issue,
    number: t.number[g] ?? 0,
    state: open ? 'open' : 'closed',
    locked: t.has(g, FLAG.locked),
    title,
    user: userAt(api, world, author),
    body,
    created_at: iso(t.createdAt[g] ?? 0),
    updated_at: iso(t.updatedAt[g] ?? 0),
    closed_at: open || closedAt === 0 ? null : iso(closedAt),
    merged_at: mergedAt === 0 ? null : iso(mergedAt),
    merge_commit_sha: mergedAt === 0 ? null : shaOf(seed, 'merge'),
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    labels: labelsOf(api, world, repo, t.labels[g] ?? 0),
    milestone: null,
    draft: t.has(g, FLAG.draft),
    commits_url: `${urls.pull}/commits`,
    review_comments_url: `${urls.pull}/comments`,
    review_comment_url: `${urls.repoApi}/pulls/comments{/number}`,
    comments_url: `${urls.issue}/comments`,
    statuses_url: `${urls.repoApi}/statuses/${headSha}`,
    head: side(branch, headSha),
    base: side('main', shaOf(seed, 'base')),
    _links: {
      self: link(urls.pull),
      html: link(urls.htmlPull),
      issue: link(urls.issue),
      comments: link(`${urls.issue}/comments`),
      review_comments: link(`${urls.pull}/comments`),
      review_comment: link(`${urls.repoApi}/pulls/comments{/number}`),
      commits: link(`${urls.pull}/commits`),
      statuses: link(`${urls.repoApi}/statuses/${headSha}`),
    },
    author_association: authorAssociation(store, repo.index, author),
    auto_merge: null,
    active_lock_reason: null,
  };
  if (!full) return json;
  const merge = mergedAt === 0 ? undefined : detailsOf(store, g).events.findLast((e) => e.kind === 'merged');
  const size = (seed >>> 4) % 400;
  return {
    ...json,
    merged: mergedAt !== 0,
    mergeable: open ? true : null,
    rebaseable: open ? true : null,
    mergeable_state: open ? 'clean' : 'unknown',
    merged_by: merge ? userAt(api, world, merge.actor) : null,
    comments: t.comments[g] ?? 0,
    review_comments: (seed >>> 10) % 6,
    maintainer_can_modify: false,
    commits: 1 + ((seed >>> 14) % 7),
    additions: 5 + size,
    deletions: (seed >>> 18) % 150,
    changed_files: 1 + ((seed >>> 22) % 12),
  };
}

import type { GithubStore } from './store.ts';
import { FLAG } from './table.ts';
import type { GhRepo, GhUser, GhWorld, LabelDef } from './world.ts';

/** JSON of users, the organization, repositories and labels, shaped as api.github.com answers. */

export const HTML_BASE = 'https://github.com';

export function iso(sec: number): string {
  return new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A node id in GitHub's global id style (type prefix, base64 of the database id). */
export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64').replace(/=+$/, '')}`;
}

function account(api: string, login: string, id: number, type: 'User' | 'Organization') {
  const u = `${api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId(type === 'User' ? 'U' : 'O', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: u,
    html_url: `${HTML_BASE}/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function simpleUser(api: string, user: GhUser) {
  return account(api, user.login, user.id, 'User');
}

export function userAt(api: string, world: GhWorld, index: number): ReturnType<typeof simpleUser> {
  const key = `${api} ${index}`;
  const cached = world.rendered.get(key) as ReturnType<typeof simpleUser> | undefined;
  if (cached) return cached;
  const user = world.users[index] ?? world.users[0];
  if (!user) throw new RangeError(`no user ${index}`);
  const json = simpleUser(api, user);
  world.rendered.set(key, json);
  return json;
}

/** The authenticated user (`GET /user`): the private view with plan and counters. */
export function privateUser(api: string, world: GhWorld, user: GhUser) {
  return {
    ...account(api, user.login, user.id, 'User'),
    user_view_type: 'private',
    name: user.name,
    company: world.org.name,
    blog: '',
    location: null,
    email: user.email,
    notification_email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: iso(user.createdAt),
    updated_at: iso(user.createdAt + 86_400),
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976_562_499, collaborators: 0, private_repos: 10_000 },
  };
}

export function labelJson(api: string, world: GhWorld, repo: GhRepo, def: LabelDef) {
  const id = repo.id * 100 + def.bit;
  return {
    id,
    node_id: nodeId('LA', id),
    url: `${api}/repos/${world.org.login}/${repo.name}/labels/${encodeURIComponent(def.name)}`,
    name: def.name,
    color: def.color,
    default: def.default,
    description: def.description,
  };
}

export function labelsOf(api: string, world: GhWorld, repo: GhRepo, mask: number) {
  return world.labels.filter((l) => (mask & (1 << l.bit)) !== 0).map((l) => labelJson(api, world, repo, l));
}

function openCount(store: GithubStore, repo: GhRepo): number {
  let open = 0;
  for (const g of store.byNumber[repo.index] ?? []) {
    const f = store.table.flags[g] ?? 0;
    if (f & FLAG.open && !(f & FLAG.deleted)) open++;
  }
  return open;
}

/** A repository as `GET /repos/{owner}/{repo}` (full) or in lists (`GET /user/repos`) shows it. */
export function repositoryJson(api: string, store: GithubStore, repo: GhRepo, full: boolean) {
  const { world } = store;
  const fullName = `${world.org.login}/${repo.name}`;
  const u = `${api}/repos/${fullName}`;
  const open = openCount(store, repo);
  const list = store.byNumber[repo.index] ?? [];
  const last = list[list.length - 1];
  const pushedAt = Math.max(repo.createdAt, last === undefined ? 0 : (store.table.updatedAt[last] ?? 0));
  const owner = account(api, world.org.login, world.org.id, 'Organization');
  const base = {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: fullName,
    private: true,
    owner,
    html_url: `${HTML_BASE}/${fullName}`,
    description: repo.description,
    fork: false,
    url: u,
    forks_url: `${u}/forks`,
    keys_url: `${u}/keys{/key_id}`,
    collaborators_url: `${u}/collaborators{/collaborator}`,
    teams_url: `${u}/teams`,
    hooks_url: `${u}/hooks`,
    issue_events_url: `${u}/issues/events{/number}`,
    events_url: `${u}/events`,
    assignees_url: `${u}/assignees{/user}`,
    branches_url: `${u}/branches{/branch}`,
    tags_url: `${u}/tags`,
    blobs_url: `${u}/git/blobs{/sha}`,
    git_tags_url: `${u}/git/tags{/sha}`,
    git_refs_url: `${u}/git/refs{/sha}`,
    trees_url: `${u}/git/trees{/sha}`,
    statuses_url: `${u}/statuses/{sha}`,
    languages_url: `${u}/languages`,
    stargazers_url: `${u}/stargazers`,
    contributors_url: `${u}/contributors`,
    subscribers_url: `${u}/subscribers`,
    subscription_url: `${u}/subscription`,
    commits_url: `${u}/commits{/sha}`,
    git_commits_url: `${u}/git/commits{/sha}`,
    comments_url: `${u}/comments{/number}`,
    issue_comment_url: `${u}/issues/comments{/number}`,
    contents_url: `${u}/contents/{+path}`,
    compare_url: `${u}/compare/{base}...{head}`,
    merges_url: `${u}/merges`,
    archive_url: `${u}/{archive_format}{/ref}`,
    downloads_url: `${u}/downloads`,
    issues_url: `${u}/issues{/number}`,
    pulls_url: `${u}/pulls{/number}`,
    milestones_url: `${u}/milestones{/number}`,
    notifications_url: `${u}/notifications{?since,all,participating}`,
    labels_url: `${u}/labels{/name}`,
    releases_url: `${u}/releases{/id}`,
    deployments_url: `${u}/deployments`,
    created_at: iso(repo.createdAt),
    updated_at: iso(pushedAt),
    pushed_at: iso(pushedAt),
    git_url: `git://github.com/${fullName}.git`,
    ssh_url: `git@github.com:${fullName}.git`,
    clone_url: `${HTML_BASE}/${fullName}.git`,
    svn_url: `${HTML_BASE}/${fullName}`,
    homepage: null,
    size: 1024 + list.length * 3,
    stargazers_count: 0,
    watchers_count: 0,
    language: repo.language,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: open,
    license: null,
    allow_forking: false,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: 'private',
    forks: 0,
    open_issues: open,
    watchers: 0,
    default_branch: 'main',
    permissions: { admin: false, maintain: true, push: true, triage: true, pull: true },
  };
  if (!full) return base;
  return {
    ...base,
    temp_clone_token: '',
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    delete_branch_on_merge: true,
    organization: owner,
    network_count: 0,
    subscribers_count: repo.members.length,
  };
}

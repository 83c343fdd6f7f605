import { createHmac, randomUUID } from 'node:crypto';
import type { GhChange } from './context.ts';
import { commentJson } from './render-events.ts';
import { issueJson, pullJson } from './render-issue.ts';
import { iso, labelJson, repositoryJson, userAt } from './render-repo.ts';
import type { GithubStore } from './store.ts';

/** Repository webhooks: registration, payloads as GitHub sends them, HMAC signatures. */

export interface Hook {
  id: number;
  repo: number;
  url: string;
  contentType: 'json' | 'form';
  secret: string | null;
  events: string[];
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface HookRegistry {
  hooks: Hook[];
  nextId: number;
}

export type Deliver = (url: string, body: string, headers: Record<string, string>) => void;

export function hookJson(api: string, store: GithubStore, hook: Hook) {
  const repo = store.world.repos[hook.repo];
  const url = `${api}/repos/${store.world.org.login}/${repo?.name ?? '?'}/hooks/${hook.id}`;
  const config: Record<string, string> = { content_type: hook.contentType, insecure_ssl: '0', url: hook.url };
  if (hook.secret !== null) config.secret = '********';
  return {
    type: 'Repository',
    id: hook.id,
    name: 'web',
    active: hook.active,
    events: hook.events,
    config,
    updated_at: iso(hook.updatedAt),
    created_at: iso(hook.createdAt),
    url,
    test_url: `${url}/test`,
    ping_url: `${url}/pings`,
    deliveries_url: `${url}/deliveries`,
    last_response: { code: null, status: 'unused', message: null },
  };
}

/** Signs and sends one delivery: `X-Hub-Signature-256` is the HMAC-SHA256 of the exact body sent. */
export function send(
  deliver: Deliver,
  store: GithubStore,
  hook: Hook,
  event: string,
  payload: unknown,
): void {
  const json = JSON.stringify(payload);
  const body = hook.contentType === 'form' ? `payload=${encodeURIComponent(json)}` : json;
  const headers: Record<string, string> = {
    'content-type': hook.contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
    'user-agent': 'GitHub-Hookshot/5f1a2b3',
    'x-github-event': event,
    'x-github-delivery': randomUUID(),
    'x-github-hook-id': String(hook.id),
    'x-github-hook-installation-target-type': 'repository',
    'x-github-hook-installation-target-id': String(store.world.repos[hook.repo]?.id ?? 0),
  };
  if (hook.secret !== null) {
    headers['x-hub-signature'] = `sha1=${createHmac('sha1', hook.secret).update(body).digest('hex')}`;
    headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`;
  }
  deliver(hook.url, body, headers);
}

function organization(api: string, store: GithubStore) {
  const { org } = store.world;
  const u = `${api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: `O_kgDO${org.id}`,
    url: u,
    repos_url: `${u}/repos`,
    events_url: `${u}/events`,
    hooks_url: `${u}/hooks`,
    issues_url: `${u}/issues`,
    members_url: `${u}/members{/member}`,
    public_members_url: `${u}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
    description: null,
  };
}

/** The payload GitHub sends for a change, or null when the change names something that is gone. */
export function payloadOf(api: string, store: GithubStore, change: GhChange): Record<string, unknown> {
  const repoIndex = store.table.repo[change.item] ?? 0;
  const repo = store.world.repos[repoIndex];
  if (!repo) throw new RangeError(`no repository for item ${change.item}`);
  const payload: Record<string, unknown> = { action: change.action };
  if (change.event === 'pull_request') {
    payload.number = store.table.number[change.item] ?? 0;
    payload.pull_request = pullJson(api, store, change.item, true);
  } else payload.issue = issueJson(api, store, change.item, false);
  if (change.label !== undefined) {
    const def = store.world.labels.find((l) => l.bit === change.label);
    if (def) payload.label = labelJson(api, store.world, repo, def);
  }
  if (change.assignee !== undefined) payload.assignee = userAt(api, store.world, change.assignee);
  if (change.changes) payload.changes = change.changes;
  if (change.commentId !== undefined) {
    const comment = store.overlays.get(change.item)?.comments.find((c) => c.id === change.commentId);
    if (comment) payload.comment = commentJson(api, store, change.item, comment);
  }
  payload.repository = repositoryJson(api, store, repo, false);
  payload.organization = organization(api, store);
  payload.sender = userAt(api, store.world, change.actor);
  return payload;
}

/** Delivers a change to every active hook of its repository that subscribed to the event. */
export function announce(
  api: string,
  deliver: Deliver,
  store: GithubStore,
  registry: HookRegistry,
  change: GhChange,
): void {
  const repo = store.table.repo[change.item] ?? 0;
  const targets = registry.hooks.filter(
    (h) => h.active && h.repo === repo && (h.events.includes(change.event) || h.events.includes('*')),
  );
  if (targets.length === 0) return;
  const payload = payloadOf(api, store, change);
  for (const hook of targets) send(deliver, store, hook, change.event, payload);
}

/** The `ping` GitHub sends right after a hook is created. */
export function ping(api: string, deliver: Deliver, store: GithubStore, hook: Hook, sender: number): void {
  const repo = store.world.repos[hook.repo];
  if (!repo) return;
  send(deliver, store, hook, 'ping', {
    zen: 'Keep it logically awesome.',
    hook_id: hook.id,
    hook: hookJson(api, store, hook),
    repository: repositoryJson(api, store, repo, false),
    sender: userAt(api, store.world, sender),
  });
}

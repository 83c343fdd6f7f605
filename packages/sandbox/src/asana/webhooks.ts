import { createHmac, randomBytes } from 'node:crypto';
import type { AsChange } from './context.ts';
import { iso, projectCompact, taskCompact } from './render.ts';
import { membershipsOf, type AsanaStore } from './store.ts';
import { gid } from './world.ts';

/**
 * Asana webhooks: the `X-Hook-Secret` handshake at creation, then event batches signed with
 * `X-Hook-Signature` (hex HMAC-SHA256 of the body with that secret).
 */

export interface WebhookFilter {
  resource_type: string;
  resource_subtype?: string | undefined;
  action?: string | undefined;
  fields?: string[] | undefined;
}

export type HookResource =
  { type: 'project'; project: number } | { type: 'task'; task: number } | { type: 'workspace' };

export interface AsWebhook {
  gid: string;
  resource: HookResource;
  target: string;
  secret: string;
  filters: WebhookFilter[];
  createdAt: number;
  lastSuccessAt: number | null;
}

export type Deliver = (url: string, body: string, headers: Record<string, string>) => void;

export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Asks the target to confirm: POST with `X-Hook-Secret`, which a willing receiver echoes in a 200 or 204 answer.
 * The core's delivery function cannot read answers, hence a request of our own here.
 */
export async function handshake(target: string, secret: string): Promise<boolean> {
  try {
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'X-Hook-Secret': secret },
      body: '',
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    return (res.status === 200 || res.status === 204) && res.headers.get('x-hook-secret') === secret;
  } catch {
    return false;
  }
}

export function resourceJson(store: AsanaStore, resource: HookResource) {
  switch (resource.type) {
    case 'project':
      return projectCompact(store, resource.project);
    case 'task':
      return {
        gid: gid.task(resource.task),
        name: taskCompact(store, resource.task).name,
        resource_type: 'task',
      };
    case 'workspace':
      return { gid: store.world.workspace.gid, name: store.world.workspace.name, resource_type: 'workspace' };
  }
}

export function webhookJson(store: AsanaStore, hook: AsWebhook) {
  return {
    gid: hook.gid,
    resource_type: 'webhook',
    active: true,
    resource: resourceJson(store, hook.resource),
    target: hook.target,
    created_at: iso(hook.createdAt),
    last_failure_at: null,
    last_failure_content: '',
    last_success_at: hook.lastSuccessAt === null ? null : iso(hook.lastSuccessAt),
    delivery_retry_count: 0,
    failure_deletion_timestamp: null,
    next_attempt_after: null,
    filters: hook.filters,
  };
}

/** The event Asana reports for a change. */
export function eventOf(store: AsanaStore, change: AsChange) {
  const task = { gid: gid.task(change.task), resource_type: 'task', resource_subtype: 'default_task' };
  const event: Record<string, unknown> = {
    user: { gid: gid.user(change.actor), resource_type: 'user' },
    created_at: iso(store.nowMs()),
    action: change.action,
    resource: change.story
      ? { gid: change.story, resource_type: 'story', resource_subtype: 'comment_added' }
      : task,
    parent: null,
  };
  if (change.story) event.parent = task;
  else if (change.parent?.type === 'project')
    event.parent = { gid: gid.project(change.parent.project), resource_type: 'project' };
  else if (change.parent?.type === 'section')
    event.parent = {
      gid: gid.section(change.parent.project, change.parent.section ?? 0),
      resource_type: 'section',
    };
  if (change.field) event.change = { field: change.field, action: 'changed' };
  return event;
}

function covers(store: AsanaStore, hook: AsWebhook, change: AsChange): boolean {
  const r = hook.resource;
  if (r.type === 'workspace') return true;
  if (r.type === 'task') return r.task === change.task;
  return (
    membershipsOf(store, change.task).some((m) => m.project === r.project) ||
    change.parent?.project === r.project
  );
}

function passes(
  filters: readonly WebhookFilter[],
  event: Record<string, unknown>,
  change: AsChange,
): boolean {
  if (filters.length === 0) return true;
  const resource = event.resource as { resource_type: string; resource_subtype?: string };
  return filters.some(
    (f) =>
      f.resource_type === resource.resource_type &&
      (f.resource_subtype === undefined || f.resource_subtype === resource.resource_subtype) &&
      (f.action === undefined || f.action === change.action) &&
      (f.fields === undefined || (change.field !== undefined && f.fields.includes(change.field))),
  );
}

/** Sends the change to every webhook that watches it, one signed `{"events": [...]}` batch per webhook. */
export function announce(
  deliver: Deliver,
  store: AsanaStore,
  hooks: readonly AsWebhook[],
  change: AsChange,
): void {
  const event = eventOf(store, change);
  for (const hook of hooks) {
    if (!covers(store, hook, change) || !passes(hook.filters, event, change)) continue;
    const body = JSON.stringify({ events: [event] });
    const signature = createHmac('sha256', hook.secret).update(body).digest('hex');
    hook.lastSuccessAt = store.nowMs();
    deliver(hook.target, body, { 'content-type': 'application/json', 'x-hook-signature': signature });
  }
}

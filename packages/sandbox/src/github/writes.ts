import type { GhChange, GhDeps } from './context.ts';
import type { GhComment, GhEvent, StateReason } from './history.ts';
import { indexUpdated, materialize, touch, type GithubStore } from './store.ts';
import { FLAG, reasonCode } from './table.ts';

/** Writes: each one records the events GitHub would record, bumps `updated_at` and announces the change. */

export interface IssueInput {
  title: string;
  body: string | null;
  /** User indices. */
  assignees: number[];
  labels: number;
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  stateReason?: StateReason | null;
  assignees?: number[];
  labels?: number;
}

function eventKind(store: GithubStore, g: number): GhChange['event'] {
  return store.table.has(g, FLAG.pullRequest) ? 'pull_request' : 'issues';
}

function record(store: GithubStore, events: GhEvent[], e: Omit<GhEvent, 'id'>): void {
  events.push({ id: store.nextId.event++, ...e });
}

export function createIssue(deps: GhDeps, repo: number, actor: number, input: IssueInput): number {
  const { store } = deps;
  const now = store.nowSec();
  const list = store.byNumber[repo];
  if (!list) throw new RangeError(`no repository ${repo}`);
  const g = store.table.add({
    repo,
    number: list.length + 1,
    seed: (store.mutationRng.next() * 0x100000000) >>> 0,
    createdAt: now,
    updatedAt: now,
    closedAt: 0,
    mergedAt: 0,
    flags: FLAG.open,
    assignee: input.assignees[0] ?? -1,
    author: actor,
    labels: input.labels,
    comments: 0,
    reason: 0,
  });
  list.push(g);
  const events: GhEvent[] = [];
  for (const label of store.world.labels) {
    if (input.labels & (1 << label.bit))
      record(store, events, { kind: 'labeled', at: now, actor, label: label.bit });
  }
  for (const a of input.assignees) record(store, events, { kind: 'assigned', at: now, actor, assignee: a });
  store.overlays.set(g, {
    title: input.title,
    body: input.body,
    assignees: [...input.assignees],
    events,
    comments: [],
  });
  indexUpdated(store, g);
  deps.onChange({ event: 'issues', action: 'opened', item: g, actor });
  return g;
}

/** Applies a patch; the caller has checked it (a merged pull request is never reopened). */
export function updateIssue(deps: GhDeps, g: number, actor: number, patch: IssuePatch): void {
  const { store } = deps;
  const t = store.table;
  const rec = materialize(store, g);
  const now = store.nowSec();
  const event = eventKind(store, g);
  const changes: GhChange[] = [];
  const edited: Record<string, { from: string | null }> = {};
  if (patch.title !== undefined && patch.title !== rec.title) {
    record(store, rec.events, {
      kind: 'renamed',
      at: now,
      actor,
      rename: { from: rec.title, to: patch.title },
    });
    edited.title = { from: rec.title };
    rec.title = patch.title;
  }
  if (patch.body !== undefined && patch.body !== rec.body) {
    edited.body = { from: rec.body };
    rec.body = patch.body;
  }
  if (Object.keys(edited).length > 0)
    changes.push({ event, action: 'edited', item: g, actor, changes: edited });
  if (patch.labels !== undefined) {
    const before = t.labels[g] ?? 0;
    for (const label of store.world.labels) {
      const bit = 1 << label.bit;
      if ((before & bit) === (patch.labels & bit)) continue;
      const kind = patch.labels & bit ? 'labeled' : 'unlabeled';
      record(store, rec.events, { kind, at: now, actor, label: label.bit });
      changes.push({ event, action: kind, item: g, actor, label: label.bit });
    }
    t.labels[g] = patch.labels;
  }
  if (patch.assignees !== undefined) {
    const next = [...new Set(patch.assignees)];
    for (const a of rec.assignees.filter((x) => !next.includes(x))) {
      record(store, rec.events, { kind: 'unassigned', at: now, actor, assignee: a });
      changes.push({ event, action: 'unassigned', item: g, actor, assignee: a });
    }
    for (const a of next.filter((x) => !rec.assignees.includes(x))) {
      record(store, rec.events, { kind: 'assigned', at: now, actor, assignee: a });
      changes.push({ event, action: 'assigned', item: g, actor, assignee: a });
    }
    rec.assignees = next;
    t.assignee[g] = next[0] ?? -1;
  }
  const isPull = t.has(g, FLAG.pullRequest);
  const open = t.has(g, FLAG.open);
  if (patch.state === 'closed' && open) {
    const reason = isPull ? null : (patch.stateReason ?? 'completed');
    record(store, rec.events, { kind: 'closed', at: now, actor, stateReason: reason });
    t.setFlag(g, FLAG.open, false);
    t.closedAt[g] = now;
    t.reason[g] = reasonCode(reason);
    changes.push({ event, action: 'closed', item: g, actor });
  } else if (patch.state === 'open' && !open) {
    const reason = isPull ? null : 'reopened';
    record(store, rec.events, { kind: 'reopened', at: now, actor, stateReason: reason });
    t.setFlag(g, FLAG.open, true);
    t.closedAt[g] = 0;
    t.reason[g] = reasonCode(reason);
    changes.push({ event, action: 'reopened', item: g, actor });
  } else if (patch.stateReason !== undefined && !open && !isPull && patch.stateReason !== 'reopened') {
    const code = reasonCode(patch.stateReason);
    if (code !== t.reason[g]) {
      t.reason[g] = code;
      changes.push({ event, action: 'edited', item: g, actor, changes: {} });
    }
  }
  if (changes.length === 0) return;
  touch(store, g, now);
  for (const change of changes) deps.onChange(change);
}

export function addComment(deps: GhDeps, g: number, actor: number, body: string): GhComment {
  const { store } = deps;
  const rec = materialize(store, g);
  const now = store.nowSec();
  const comment: GhComment = { id: store.nextId.comment++, at: now, updatedAt: now, author: actor, body };
  rec.comments.push(comment);
  store.table.comments[g] = rec.comments.length;
  touch(store, g, now);
  deps.onChange({ event: 'issue_comment', action: 'created', item: g, actor, commentId: comment.id });
  return comment;
}

/** Deletes an issue as an admin can: it leaves every list and answers 410 from then on. */
export function deleteItem(deps: GhDeps, g: number, actor: number): void {
  const { store } = deps;
  if (store.table.has(g, FLAG.deleted)) return;
  deps.onChange({ event: 'issues', action: 'deleted', item: g, actor });
  touch(store, g, store.nowSec());
  store.table.setFlag(g, FLAG.deleted, true);
}

/** `owner/repo#number`: how mutations name what they changed. */
export function itemKey(store: GithubStore, g: number): string {
  const repo = store.world.repos[store.table.repo[g] ?? 0];
  return `${store.world.org.login}/${repo?.name ?? '?'}#${store.table.number[g] ?? 0}`;
}

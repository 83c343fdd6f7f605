import type { CommentRecord, HistoryEntry, IssueDetail } from './detail.ts';
import { iso, isoOrNull } from './dates.ts';
import type { LinearStore } from './store.ts';

/** Field changes of `issueUpdate`; indices refer to the world's records, -1 clears. */
export interface IssueChanges {
  title?: string;
  description?: string | null;
  state?: number;
  assignee?: number;
  priority?: number;
  estimate?: number;
  project?: number;
  parent?: number;
  labels?: number;
}

export interface NewIssue extends IssueChanges {
  team: number;
  title: string;
  createdAt?: number;
  id?: string;
}

function labelList(mask: number): number[] {
  const out: number[] = [];
  for (let bit = 0; bit < 32; bit++) if ((mask >>> bit) & 1) out.push(bit);
  return out;
}

/** Moves an issue's `updatedAt` while keeping the sorted index right. */
function touch(store: LinearStore, idx: number, at: number): void {
  const t = store.table;
  t.byUpdated.remove(idx);
  t.updatedAt[idx] = at;
  t.byUpdated.insert(idx);
}

function enterState(store: LinearStore, idx: number, to: number, at: number): void {
  const t = store.table;
  const states = store.world.states;
  const fromType = states[t.state[idx]!]!.type;
  const toType = states[to]!.type;
  if (fromType === 'triage' && Number.isNaN(t.triagedAt[idx]!)) t.triagedAt[idx] = at;
  if (toType === 'started' && Number.isNaN(t.startedAt[idx]!)) t.startedAt[idx] = at;
  t.completedAt[idx] = toType === 'completed' ? at : Number.NaN;
  t.canceledAt[idx] = toType === 'canceled' || toType === 'duplicate' ? at : Number.NaN;
  t.state[idx] = to;
}

/**
 * Applies `issueUpdate` changes as one history entry by `actor`; returns the previous values of what changed
 * (webhook `updatedFrom`), or null when nothing changed.
 */
export function updateIssue(
  store: LinearStore,
  idx: number,
  changes: IssueChanges,
  actor: number,
): Record<string, unknown> | null {
  const t = store.table;
  const detail = store.materialize(idx);
  const at = store.tick();
  const entry: HistoryEntry = { id: store.codec.encode('history', idx, detail.history.length), at, actor };
  const from: Record<string, unknown> = {};
  const world = store.world;
  if (changes.title !== undefined && changes.title !== detail.title) {
    from['title'] = detail.title;
    entry.fromTitle = detail.title;
    entry.toTitle = changes.title;
    detail.title = changes.title;
  }
  if (changes.description !== undefined && changes.description !== detail.description) {
    from['description'] = detail.description;
    entry.updatedDescription = true;
    detail.description = changes.description;
  }
  if (changes.state !== undefined && changes.state !== t.state[idx]) {
    from['stateId'] = world.states[t.state[idx]!]!.id;
    from['startedAt'] = isoOrNull(t.startedAt[idx]!);
    from['completedAt'] = isoOrNull(t.completedAt[idx]!);
    from['canceledAt'] = isoOrNull(t.canceledAt[idx]!);
    entry.fromState = t.state[idx]!;
    entry.toState = changes.state;
    enterState(store, idx, changes.state, at);
  }
  if (changes.assignee !== undefined && changes.assignee !== t.assignee[idx]) {
    from['assigneeId'] = t.assignee[idx]! >= 0 ? world.users[t.assignee[idx]!]!.id : null;
    entry.fromAssignee = t.assignee[idx]!;
    entry.toAssignee = changes.assignee;
    t.assignee[idx] = changes.assignee;
  }
  if (changes.priority !== undefined && changes.priority !== t.priority[idx]) {
    from['priority'] = t.priority[idx]!;
    entry.fromPriority = t.priority[idx]!;
    entry.toPriority = changes.priority;
    t.priority[idx] = changes.priority;
  }
  if (changes.estimate !== undefined && changes.estimate !== t.estimate[idx]) {
    from['estimate'] = t.estimate[idx]! >= 0 ? t.estimate[idx]! : null;
    entry.fromEstimate = t.estimate[idx]!;
    entry.toEstimate = changes.estimate;
    t.estimate[idx] = changes.estimate;
  }
  if (changes.project !== undefined && changes.project !== t.project[idx]) {
    from['projectId'] = t.project[idx]! >= 0 ? world.projects[t.project[idx]!]!.id : null;
    entry.fromProject = t.project[idx]!;
    entry.toProject = changes.project;
    t.project[idx] = changes.project;
  }
  if (changes.parent !== undefined && changes.parent !== t.parent[idx]) {
    const old = t.parent[idx]!;
    from['parentId'] = old >= 0 ? store.issueId(old) : null;
    entry.fromParent = old;
    entry.toParent = changes.parent;
    if (old >= 0) t.removeChild(old, idx);
    if (changes.parent >= 0) t.addChild(changes.parent, idx);
    t.parent[idx] = changes.parent;
  }
  if (changes.labels !== undefined && changes.labels !== t.labels[idx]) {
    const old = t.labels[idx]!;
    from['labelIds'] = labelList(old).map((l) => world.labels[l]!.id);
    entry.addedLabels = labelList(changes.labels & ~old);
    entry.removedLabels = labelList(old & ~changes.labels);
    t.labels[idx] = changes.labels >>> 0;
  }
  if (Object.keys(from).length === 0) return null;
  from['updatedAt'] = iso(t.updatedAt[idx]!);
  detail.history.push(entry);
  t.historyCount[idx] = detail.history.length;
  touch(store, idx, at);
  store.emit({ type: 'Issue', action: 'update', issue: idx, actor, at, updatedFrom: from });
  return from;
}

/** Creates an issue (issueCreate); returns its index. */
export function createIssue(store: LinearStore, input: NewIssue, actor: number): number {
  const t = store.table;
  const team = store.world.teams[input.team]!;
  const at = store.tick();
  const createdAt = input.createdAt ?? at;
  const idx = t.add();
  t.team[idx] = input.team;
  t.number[idx] = t.nextNumber(input.team);
  t.registerNumber(input.team, t.number[idx], idx);
  t.state[idx] = input.state ?? team.defaultState;
  t.assignee[idx] = input.assignee ?? -1;
  t.creator[idx] = actor;
  t.priority[idx] = input.priority ?? 0;
  t.estimate[idx] = input.estimate ?? -1;
  t.project[idx] = input.project ?? -1;
  t.parent[idx] = input.parent ?? -1;
  t.labels[idx] = (input.labels ?? 0) >>> 0;
  t.trashed[idx] = 0;
  t.createdAt[idx] = createdAt;
  t.updatedAt[idx] = Math.max(createdAt, at);
  const type = store.world.states[t.state[idx]]!.type;
  t.startedAt[idx] = type === 'started' ? createdAt : Number.NaN;
  t.completedAt[idx] = type === 'completed' ? createdAt : Number.NaN;
  t.canceledAt[idx] = type === 'canceled' || type === 'duplicate' ? createdAt : Number.NaN;
  t.triagedAt[idx] = Number.NaN;
  t.archivedAt[idx] = Number.NaN;
  t.commentCount[idx] = 0;
  t.historyCount[idx] = 0;
  if (t.parent[idx] >= 0) t.addChild(t.parent[idx], idx);
  const detail: IssueDetail = {
    title: input.title,
    description: input.description ?? null,
    history: [],
    comments: [],
  };
  store.registerIssue(idx, detail, input.id);
  t.byCreated.insert(idx);
  t.byUpdated.insert(idx);
  store.emit({ type: 'Issue', action: 'create', issue: idx, actor, at, updatedFrom: {} });
  return idx;
}

/** Adds a comment (commentCreate); commenting counts as activity and moves the issue's `updatedAt`. */
export function addComment(
  store: LinearStore,
  idx: number,
  body: string,
  author: number,
  options: { parent?: number; id?: string; createdAt?: number } = {},
): CommentRecord {
  const detail = store.materialize(idx);
  const at = store.tick();
  const ordinal = detail.comments.length;
  const comment: CommentRecord = {
    id: options.id ?? store.codec.encode('comment', idx, ordinal),
    issue: idx,
    ordinal,
    at: options.createdAt ?? at,
    updatedAt: at,
    author,
    body,
    parent: options.parent ?? -1,
    editedAt: Number.NaN,
  };
  detail.comments.push(comment);
  if (options.id !== undefined) store.registerCommentId(options.id, idx, ordinal);
  store.table.commentCount[idx] = detail.comments.length;
  touch(store, idx, at);
  store.emit({ type: 'Comment', action: 'create', comment, actor: author, at });
  return comment;
}

/** Archives an issue (issueArchive; with `trash`, issueDelete, which Linear keeps in the trash for 30 days). */
export function archiveIssue(store: LinearStore, idx: number, actor: number, trash: boolean): void {
  const t = store.table;
  const detail = store.materialize(idx);
  const at = store.tick();
  const from = { updatedAt: iso(t.updatedAt[idx]!), archivedAt: null };
  const entry: HistoryEntry = {
    id: store.codec.encode('history', idx, detail.history.length),
    at,
    actor,
    archived: true,
  };
  if (trash) entry.trashed = true;
  detail.history.push(entry);
  t.historyCount[idx] = detail.history.length;
  t.archivedAt[idx] = at;
  t.trashed[idx] = trash ? 1 : 0;
  touch(store, idx, at);
  store.emit({
    type: 'Issue',
    action: trash ? 'remove' : 'update',
    issue: idx,
    actor,
    at,
    updatedFrom: from,
  });
}

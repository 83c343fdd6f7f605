import { listConnection } from '../api/connection.ts';
import { compileCommentFilter, compileIssueFilter } from '../filter/specs.ts';
import { iso, isoOrNull } from '../world/dates.ts';
import type { CommentRecord, HistoryEntry } from '../world/detail.ts';
import { PRIORITY_LABELS } from '../world/model.ts';
import { slug } from '../world/org.ts';
import { userOrNull } from './entities.ts';
import { fields, type Graph, type IssueRef, type TypeResolvers } from './graph.ts';

/** Field resolvers of `Issue`, `IssueHistory`, `IssueStateSpan` and `Comment`. */

export interface HistoryRef {
  issue: number;
  entry: HistoryEntry;
}

interface StateSpan {
  id: string;
  state: number;
  startedAt: number;
  endedAt: number;
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const time = (ms: number): string | null => isoOrNull(ms);

function issueUrl(g: Graph, idx: number): string {
  const title = g.detail({ idx }).title;
  return `https://linear.app/${g.world.org.urlKey}/issue/${g.store.identifier(idx)}/${slug(title).slice(0, 60)}`;
}

function labelIdsOf(g: Graph, mask: number): string[] {
  return g.world.labels.filter((l) => (mask & (1 << l.idx)) !== 0).map((l) => l.id);
}

function stateSpans(g: Graph, idx: number): StateSpan[] {
  const t = g.store.table;
  const history = g.detail({ idx }).history.filter((h) => h.toState !== undefined);
  let state = history[0]?.fromState ?? t.state[idx]!;
  let from = t.createdAt[idx]!;
  const spans: StateSpan[] = [];
  const id = g.store.issueId(idx);
  for (const h of history) {
    spans.push({
      id: g.store.codec.fromText(`${id}:span:${spans.length}`),
      state,
      startedAt: from,
      endedAt: h.at,
    });
    state = h.toState!;
    from = h.at;
  }
  spans.push({
    id: g.store.codec.fromText(`${id}:span:${spans.length}`),
    state,
    startedAt: from,
    endedAt: Number.NaN,
  });
  return spans;
}

const issueKeys = (g: Graph) => ({
  id: (r: IssueRef) => g.store.issueId(r.idx),
  createdAt: (r: IssueRef) => g.store.table.createdAt[r.idx]!,
  updatedAt: (r: IssueRef) => g.store.table.updatedAt[r.idx]!,
  archived: (r: IssueRef) => !Number.isNaN(g.store.table.archivedAt[r.idx]!),
});

const commentKeys = {
  id: (c: CommentRecord) => c.id,
  createdAt: (c: CommentRecord) => c.at,
  updatedAt: (c: CommentRecord) => c.updatedAt,
};

const Issue = fields<IssueRef>({
  id: (s, _, g) => g.store.issueId(s.idx),
  identifier: (s, _, g) => g.store.identifier(s.idx),
  number: (s, _, g) => g.store.table.number[s.idx],
  title: (s, _, g) => g.detail(s).title,
  description: (s, _, g) => g.detail(s).description,
  priority: (s, _, g) => g.store.table.priority[s.idx],
  priorityLabel: (s, _, g) => PRIORITY_LABELS[g.store.table.priority[s.idx]!],
  prioritySortOrder: (s, _, g) => g.store.table.priority[s.idx] || 5,
  estimate: (s, _, g) => (g.store.table.estimate[s.idx]! < 0 ? null : g.store.table.estimate[s.idx]),
  sortOrder: (s, _, g) => -g.store.table.number[s.idx]!,
  boardOrder: (s, _, g) => -g.store.table.number[s.idx]!,
  state: (s, _, g) => g.world.states[g.store.table.state[s.idx]!],
  team: (s, _, g) => g.world.teams[g.store.table.team[s.idx]!],
  assignee: (s, _, g) => userOrNull(g, g.store.table.assignee[s.idx]),
  creator: (s, _, g) => userOrNull(g, g.store.table.creator[s.idx]),
  project: (s, _, g) =>
    g.store.table.project[s.idx]! < 0 ? null : g.world.projects[g.store.table.project[s.idx]!],
  parent: (s, _, g) => g.issueOrNull(g.store.table.parent[s.idx]),
  labelIds: (s, _, g) => labelIdsOf(g, g.store.table.labels[s.idx]!),
  createdAt: (s, _, g) => iso(g.store.table.createdAt[s.idx]!),
  updatedAt: (s, _, g) => iso(g.store.table.updatedAt[s.idx]!),
  startedAt: (s, _, g) => time(g.store.table.startedAt[s.idx]!),
  completedAt: (s, _, g) => time(g.store.table.completedAt[s.idx]!),
  canceledAt: (s, _, g) => time(g.store.table.canceledAt[s.idx]!),
  triagedAt: (s, _, g) => time(g.store.table.triagedAt[s.idx]!),
  archivedAt: (s, _, g) => time(g.store.table.archivedAt[s.idx]!),
  addedToTeamAt: (s, _, g) => iso(g.store.table.createdAt[s.idx]!),
  trashed: (s, _, g) => (g.store.table.trashed[s.idx] === 1 ? true : null),
  url: (s, _, g) => issueUrl(g, s.idx),
  branchName: (s, _, g) => {
    const assignee = userOrNull(g, g.store.table.assignee[s.idx]);
    const title = slug(g.detail(s).title).slice(0, 40);
    return `${assignee?.displayName ?? 'issue'}/${g.store.identifier(s.idx).toLowerCase()}-${title}`;
  },
  reactionData: () => [],
  labels: (s, a, g) => {
    const mask = g.store.table.labels[s.idx]!;
    const own = g.world.labels.filter((l) => (mask & (1 << l.idx)) !== 0);
    return listConnection(own, a, {
      id: (l) => l.id,
      createdAt: (l) => l.createdAt,
      updatedAt: (l) => l.createdAt,
    });
  },
  children: (s, a, g) => {
    const kids = (g.store.table.children.get(s.idx) ?? []).map((idx) => g.issue(idx));
    const filter = compileIssueFilter(a.filter, g.filterContext());
    return listConnection(kids, a, issueKeys(g), (r) => filter(r.idx));
  },
  comments: (s, a, g) =>
    listConnection(g.detail(s).comments, a, commentKeys, compileCommentFilter(a.filter, g.filterContext())),
  history: (s, a, g) => {
    const refs: HistoryRef[] = g.detail(s).history.map((entry) => ({ issue: s.idx, entry }));
    const at = (h: HistoryRef) => h.entry.at;
    return listConnection(refs, a, { id: (h) => h.entry.id, createdAt: at, updatedAt: at });
  },
  // Chronological, as the state timeline reads: the negated key turns the newest-first pager around.
  stateHistory: (s, a, g) =>
    listConnection(stateSpans(g, s.idx), a, {
      id: (x) => x.id,
      createdAt: (x) => -x.startedAt,
      updatedAt: (x) => -x.startedAt,
    }),
  subscribers: (s, a, g) => {
    const t = g.store.table;
    const users = [...new Set([t.creator[s.idx]!, t.assignee[s.idx]!])].filter((u) => u >= 0);
    return listConnection(
      users.map((u) => g.world.users[u]!),
      a,
      { id: (u) => u.id, createdAt: (u) => u.createdAt, updatedAt: (u) => u.createdAt },
    );
  },
});

const IssueStateSpan = fields<StateSpan>({
  id: (x) => x.id,
  stateId: (x, _, g) => g.world.states[x.state]!.id,
  state: (x, _, g) => g.world.states[x.state],
  startedAt: (x) => iso(x.startedAt),
  endedAt: (x) => time(x.endedAt),
});

const stateOf = (g: Graph, idx: number | undefined) => (idx === undefined ? null : g.world.states[idx]);
const userIdOf = (g: Graph, idx: number | undefined) => userOrNull(g, idx)?.id ?? null;
const projectOf = (g: Graph, idx: number | undefined) =>
  idx === undefined || idx < 0 ? null : g.world.projects[idx]!;
const numberOrNull = (value: number | undefined) => (value === undefined || value < 0 ? null : value);
const labelsOf = (g: Graph, list: number[] | undefined) =>
  list === undefined ? null : list.map((l) => g.world.labels[l]!);

const IssueHistory = fields<HistoryRef>({
  id: (h) => h.entry.id,
  createdAt: (h) => iso(h.entry.at),
  updatedAt: (h) => iso(h.entry.at),
  issue: (h, _, g) => g.issue(h.issue),
  actor: (h, _, g) => userOrNull(g, h.entry.actor),
  actorId: (h, _, g) => userIdOf(g, h.entry.actor),
  fromState: (h, _, g) => stateOf(g, h.entry.fromState),
  toState: (h, _, g) => stateOf(g, h.entry.toState),
  fromStateId: (h, _, g) => stateOf(g, h.entry.fromState)?.id ?? null,
  toStateId: (h, _, g) => stateOf(g, h.entry.toState)?.id ?? null,
  fromAssignee: (h, _, g) => userOrNull(g, h.entry.fromAssignee),
  toAssignee: (h, _, g) => userOrNull(g, h.entry.toAssignee),
  fromAssigneeId: (h, _, g) => userIdOf(g, h.entry.fromAssignee),
  toAssigneeId: (h, _, g) => userIdOf(g, h.entry.toAssignee),
  fromPriority: (h) => orNull(h.entry.fromPriority),
  toPriority: (h) => orNull(h.entry.toPriority),
  fromEstimate: (h) => numberOrNull(h.entry.fromEstimate),
  toEstimate: (h) => numberOrNull(h.entry.toEstimate),
  fromTitle: (h) => orNull(h.entry.fromTitle),
  toTitle: (h) => orNull(h.entry.toTitle),
  fromProject: (h, _, g) => projectOf(g, h.entry.fromProject),
  toProject: (h, _, g) => projectOf(g, h.entry.toProject),
  fromProjectId: (h, _, g) => projectOf(g, h.entry.fromProject)?.id ?? null,
  toProjectId: (h, _, g) => projectOf(g, h.entry.toProject)?.id ?? null,
  fromParent: (h, _, g) => g.issueOrNull(h.entry.fromParent),
  toParent: (h, _, g) => g.issueOrNull(h.entry.toParent),
  fromParentId: (h, _, g) =>
    numberOrNull(h.entry.fromParent) === null ? null : g.store.issueId(h.entry.fromParent!),
  toParentId: (h, _, g) =>
    numberOrNull(h.entry.toParent) === null ? null : g.store.issueId(h.entry.toParent!),
  addedLabelIds: (h, _, g) => labelsOf(g, h.entry.addedLabels)?.map((l) => l.id) ?? null,
  removedLabelIds: (h, _, g) => labelsOf(g, h.entry.removedLabels)?.map((l) => l.id) ?? null,
  addedLabels: (h, _, g) => labelsOf(g, h.entry.addedLabels),
  removedLabels: (h, _, g) => labelsOf(g, h.entry.removedLabels),
  updatedDescription: (h) => orNull(h.entry.updatedDescription),
  archived: (h) => orNull(h.entry.archived),
  autoArchived: (h) => orNull(h.entry.autoArchived),
  autoClosed: (h) => orNull(h.entry.autoClosed),
  trashed: (h) => orNull(h.entry.trashed),
});

/** Linear stores comment bodies as ProseMirror documents too; this is the minimal one for plain paragraphs. */
function bodyData(body: string): string {
  const content = body
    .split('\n\n')
    .map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }));
  return JSON.stringify({ type: 'doc', content });
}

const Comment = fields<CommentRecord>({
  id: (c) => c.id,
  body: (c) => c.body,
  bodyData: (c) => bodyData(c.body),
  createdAt: (c) => iso(c.at),
  updatedAt: (c) => iso(c.updatedAt),
  editedAt: (c) => time(c.editedAt),
  user: (c, _, g) => userOrNull(g, c.author),
  issue: (c, _, g) => g.issue(c.issue),
  issueId: (c, _, g) => g.store.issueId(c.issue),
  parent: (c, _, g) => (c.parent < 0 ? null : g.detail({ idx: c.issue }).comments[c.parent]),
  parentId: (c, _, g) => (c.parent < 0 ? null : g.detail({ idx: c.issue }).comments[c.parent]!.id),
  url: (c, _, g) => `${issueUrl(g, c.issue)}#comment-${c.id.slice(0, 8)}`,
  reactionData: () => [],
  children: (c, a, g) => {
    const replies = g.detail({ idx: c.issue }).comments.filter((r) => r.parent === c.ordinal);
    return listConnection(replies, a, commentKeys, compileCommentFilter(a.filter, g.filterContext()));
  },
});

export const issueResolvers: Record<string, TypeResolvers> = { Issue, IssueStateSpan, IssueHistory, Comment };

import { iso, isoOrNull } from '../world/dates.ts';
import type { CommentRecord } from '../world/detail.ts';
import { PRIORITY_LABELS, type UserRecord, type World } from '../world/model.ts';
import { slug } from '../world/org.ts';
import type { LinearStore } from '../world/store.ts';

/** Webhook `data` objects, shaped as the schema's `IssueWebhookPayload` and `CommentWebhookPayload`. */

function userChild(world: World, user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    avatarUrl: null,
    url: `https://linear.app/${world.org.urlKey}/profiles/${user.displayName}`,
  };
}

export function actorPayload(world: World, actor: number): Record<string, unknown> | null {
  const user = world.users[actor];
  return user === undefined ? null : { ...userChild(world, user), type: 'user' };
}

export function issueUrl(store: LinearStore, idx: number): string {
  const title = store.detail(idx).title;
  return `https://linear.app/${store.world.org.urlKey}/issue/${store.identifier(idx)}/${slug(title).slice(0, 60)}`;
}

export function issueData(store: LinearStore, idx: number): Record<string, unknown> {
  const { world, table: t } = store;
  const detail = store.detail(idx);
  const team = world.teams[t.team[idx]!]!;
  const state = world.states[t.state[idx]!]!;
  const assignee = world.users[t.assignee[idx]!];
  const creator = world.users[t.creator[idx]!];
  const project = world.projects[t.project[idx]!];
  const labels = world.labels.filter((l) => (t.labels[idx]! & (1 << l.idx)) !== 0);
  const parent = t.parent[idx]!;
  return {
    id: store.issueId(idx),
    createdAt: iso(t.createdAt[idx]!),
    updatedAt: iso(t.updatedAt[idx]!),
    archivedAt: isoOrNull(t.archivedAt[idx]!),
    number: t.number[idx]!,
    identifier: store.identifier(idx),
    title: detail.title,
    description: detail.description,
    priority: t.priority[idx]!,
    priorityLabel: PRIORITY_LABELS[t.priority[idx]!],
    prioritySortOrder: t.priority[idx]! || 5,
    sortOrder: -t.number[idx]!,
    estimate: t.estimate[idx]! < 0 ? null : t.estimate[idx]!,
    startedAt: isoOrNull(t.startedAt[idx]!),
    completedAt: isoOrNull(t.completedAt[idx]!),
    canceledAt: isoOrNull(t.canceledAt[idx]!),
    triagedAt: isoOrNull(t.triagedAt[idx]!),
    addedToTeamAt: iso(t.createdAt[idx]!),
    trashed: t.trashed[idx] === 1 ? true : null,
    teamId: team.id,
    team: { id: team.id, key: team.key, name: team.name },
    stateId: state.id,
    state: { id: state.id, name: state.name, color: state.color, type: state.type },
    assigneeId: assignee?.id ?? null,
    assignee: assignee === undefined ? null : userChild(world, assignee),
    creatorId: creator?.id ?? null,
    creator: creator === undefined ? null : userChild(world, creator),
    projectId: project?.id ?? null,
    project:
      project === undefined
        ? null
        : {
            id: project.id,
            name: project.name,
            url: `https://linear.app/${world.org.urlKey}/project/${project.slugId}`,
          },
    parentId: parent >= 0 ? store.issueId(parent) : null,
    labelIds: labels.map((l) => l.id),
    labels: labels.map((l) => ({ id: l.id, name: l.name, color: l.color, parentId: null })),
    subscriberIds: [...new Set([creator?.id, assignee?.id].filter((id) => id !== undefined))],
    previousIdentifiers: [],
    reactionData: [],
    url: issueUrl(store, idx),
  };
}

export function commentData(store: LinearStore, comment: CommentRecord): Record<string, unknown> {
  const { world } = store;
  const author = world.users[comment.author];
  const team = world.teams[store.table.team[comment.issue]!]!;
  const parent = comment.parent >= 0 ? store.detail(comment.issue).comments[comment.parent] : undefined;
  return {
    id: comment.id,
    createdAt: iso(comment.at),
    updatedAt: iso(comment.updatedAt),
    archivedAt: null,
    editedAt: isoOrNull(comment.editedAt),
    body: comment.body,
    issueId: store.issueId(comment.issue),
    issue: {
      id: store.issueId(comment.issue),
      identifier: store.identifier(comment.issue),
      title: store.detail(comment.issue).title,
      teamId: team.id,
      team: { id: team.id, key: team.key, name: team.name },
      url: issueUrl(store, comment.issue),
    },
    parentId: parent?.id ?? null,
    userId: author?.id ?? null,
    user: author === undefined ? null : userChild(world, author),
    reactionData: [],
  };
}

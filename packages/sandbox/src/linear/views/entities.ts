import { listConnection, type Connection } from '../api/connection.ts';
import { issueConnection } from '../api/issue-connection.ts';
import { compileEntityFilter } from '../filter/specs.ts';
import type { EntityKind } from '../filter/compile.ts';
import { iso, isoOrNull } from '../world/dates.ts';
import type {
  LabelRecord,
  OrganizationRecord,
  ProjectRecord,
  StateRecord,
  TeamRecord,
  UserRecord,
} from '../world/model.ts';
import { PRIORITY_LABELS } from '../world/model.ts';
import { slug } from '../world/org.ts';
import { fields, type Args, type Graph, type TypeResolvers } from './graph.ts';

/** Field resolvers of the small entity types; their sources are the world's records. */

const recordKeys = {
  id: (r: { id: string }) => r.id,
  createdAt: (r: { createdAt: number }) => r.createdAt,
  updatedAt: (r: { createdAt: number }) => r.createdAt,
};

/** A page of entity records, filtered by the connection's `filter` argument. */
export function entityConnection<R extends { id: string; createdAt: number }>(
  g: Graph,
  kind: EntityKind,
  records: readonly R[],
  args: Args,
): Connection<R> {
  const filter = compileEntityFilter<R>(kind, args.filter, g.filterContext());
  return listConnection(records, args, recordKeys, filter);
}

function usersConnection(g: Graph, users: readonly UserRecord[], args: Args): Connection<UserRecord> {
  return entityConnection(
    g,
    'user',
    args['includeDisabled'] === true ? users : users.filter((u) => u.active),
    args,
  );
}

export const userOrNull = (g: Graph, idx: number | undefined): UserRecord | null =>
  idx === undefined || idx < 0 ? null : g.world.users[idx]!;

const Organization = fields<OrganizationRecord>({
  id: (o) => o.id,
  name: (o) => o.name,
  urlKey: (o) => o.urlKey,
  createdAt: (o) => iso(o.createdAt),
  updatedAt: (o) => iso(o.createdAt),
  userCount: (_, __, g) => g.world.users.filter((u) => u.active).length,
  createdIssueCount: (_, __, g) => g.store.table.count,
  workingDays: () => [1, 2, 3, 4, 5],
  gitBranchFormat: () => '{username}/{issueIdentifier}-{issueTitle}',
  teams: (_, a, g) => entityConnection(g, 'team', g.world.teams, a),
  users: (_, a, g) => usersConnection(g, g.world.users, a),
  labels: (_, a, g) => entityConnection(g, 'label', g.world.labels, a),
});

const User = fields<UserRecord>({
  id: (u) => u.id,
  name: (u) => u.name,
  displayName: (u) => u.displayName,
  email: (u) => u.email,
  active: (u) => u.active,
  admin: (u) => u.admin,
  owner: (u) => u.idx === 0,
  isMe: (u, _, g) => u.idx === g.viewer,
  isAssignable: (u) => u.active,
  isMentionable: (u) => u.active,
  canAccessAnyPublicTeam: () => true,
  initials: (u) =>
    u.name
      .split(' ')
      .map((part) => part.charAt(0))
      .join('')
      .slice(0, 2)
      .toUpperCase(),
  avatarBackgroundColor: (u, _, g) => g.world.teams[u.teams[0] ?? 0]?.color ?? '#5e6ad2',
  timezone: (u) => u.timezone,
  title: (u) => u.title,
  createdAt: (u) => iso(u.createdAt),
  updatedAt: (u) => iso(u.createdAt),
  url: (u, _, g) => `https://linear.app/${g.world.org.urlKey}/profiles/${u.displayName}`,
  organization: (_, __, g) => g.world.org,
  createdIssueCount: (u, _, g) => {
    let n = 0;
    for (let i = 0; i < g.store.table.count; i++) if (g.store.table.creator[i] === u.idx) n++;
    return n;
  },
  teams: (u, a, g) =>
    entityConnection(
      g,
      'team',
      u.teams.map((t) => g.world.teams[t]!),
      a,
    ),
  assignedIssues: (u, a, g) => issueConnection(g, a, (i) => g.store.table.assignee[i] === u.idx),
  createdIssues: (u, a, g) => issueConnection(g, a, (i) => g.store.table.creator[i] === u.idx),
});

function issueCount(g: Graph, team: number, includeArchived: boolean): number {
  const t = g.store.table;
  let n = 0;
  for (let i = 0; i < t.count; i++)
    if (t.team[i] === team && (includeArchived || Number.isNaN(t.archivedAt[i]!))) n++;
  return n;
}

const Team = fields<TeamRecord>({
  id: (t) => t.id,
  key: (t) => t.key,
  name: (t) => t.name,
  displayName: (t) => t.name,
  description: (t) => t.description,
  color: (t) => t.color,
  icon: (t) => t.icon,
  private: () => false,
  visibility: () => 'public',
  timezone: () => 'Europe/Berlin',
  triageEnabled: (t) => t.triageEnabled,
  issueEstimationType: (t) => (t.usesEstimates ? 'fibonacci' : 'notUsed'),
  defaultIssueEstimate: () => 1,
  autoArchivePeriod: () => 6,
  createdAt: (t) => iso(t.createdAt),
  updatedAt: (t) => iso(t.createdAt),
  organization: (_, __, g) => g.world.org,
  defaultIssueState: (t, _, g) => g.world.states[t.defaultState],
  triageIssueState: (t, _, g) => (t.roles.triage < 0 ? null : g.world.states[t.roles.triage]),
  issueCount: (t, a, g) => issueCount(g, t.idx, a.includeArchived === true),
  states: (t, a, g) =>
    entityConnection(
      g,
      'state',
      t.states.map((s) => g.world.states[s]!),
      a,
    ),
  members: (t, a, g) =>
    usersConnection(
      g,
      t.members.map((u) => g.world.users[u]!),
      a,
    ),
  labels: (t, a, g) =>
    entityConnection(
      g,
      'label',
      g.world.labels.filter((l) => l.team === t.idx || l.team === -1),
      a,
    ),
  projects: (t, a, g) =>
    entityConnection(
      g,
      'project',
      t.projects.map((p) => g.world.projects[p]!),
      a,
    ),
  issues: (t, a, g) => issueConnection(g, a, (i) => g.store.table.team[i] === t.idx),
});

const WorkflowState = fields<StateRecord>({
  id: (s) => s.id,
  name: (s) => s.name,
  type: (s) => s.type,
  color: (s) => s.color,
  position: (s) => s.position,
  description: (s) => (s.description === '' ? null : s.description),
  createdAt: (s) => iso(s.createdAt),
  updatedAt: (s) => iso(s.createdAt),
  team: (s, _, g) => g.world.teams[s.team],
  issues: (s, a, g) => issueConnection(g, a, (i) => g.store.table.state[i] === s.idx),
});

const IssueLabel = fields<LabelRecord>({
  id: (l) => l.id,
  name: (l) => l.name,
  color: (l) => l.color,
  isGroup: () => false,
  createdAt: (l) => iso(l.createdAt),
  updatedAt: (l) => iso(l.createdAt),
  team: (l, _, g) => (l.team < 0 ? null : g.world.teams[l.team]),
  organization: (_, __, g) => g.world.org,
  issues: (l, a, g) => issueConnection(g, a, (i) => (g.store.table.labels[i]! & (1 << l.idx)) !== 0),
});

const Project = fields<ProjectRecord>({
  id: (p) => p.id,
  name: (p) => p.name,
  description: (p) => p.description,
  slugId: (p) => p.slugId,
  url: (p, _, g) => `https://linear.app/${g.world.org.urlKey}/project/${slug(p.name)}-${p.slugId}`,
  state: (p) => p.state,
  color: (p) => p.color,
  priority: (p) => p.priority,
  priorityLabel: (p) => PRIORITY_LABELS[p.priority] ?? 'No priority',
  createdAt: (p) => iso(p.createdAt),
  updatedAt: (p) => iso(p.createdAt),
  startedAt: (p) => isoOrNull(p.startedAt),
  completedAt: (p) => isoOrNull(p.completedAt),
  canceledAt: (p) => isoOrNull(p.canceledAt),
  startDate: (p) => p.startDate,
  targetDate: (p) => p.targetDate,
  lead: (p, _, g) => userOrNull(g, p.lead),
  teams: (p, a, g) =>
    entityConnection(
      g,
      'team',
      p.teams.map((t) => g.world.teams[t]!),
      a,
    ),
  members: (p, a, g) => {
    const ids = new Set(p.teams.flatMap((t) => g.world.teams[t]!.members));
    return usersConnection(
      g,
      [...ids].map((u) => g.world.users[u]!),
      a,
    );
  },
  issues: (p, a, g) => issueConnection(g, a, (i) => g.store.table.project[i] === p.idx),
});

export const entityResolvers: Record<string, TypeResolvers> = {
  Organization,
  User,
  Team,
  WorkflowState,
  IssueLabel,
  Project,
};

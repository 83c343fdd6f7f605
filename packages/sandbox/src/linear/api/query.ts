import { entityConnection } from '../views/entities.ts';
import { fields, type Graph, type TypeResolvers } from '../views/graph.ts';
import type { WebhookRecord } from '../webhooks/registry.ts';
import { rootComments } from './comments.ts';
import { listConnection } from './connection.ts';
import { LinearApiError } from './errors.ts';
import { issueConnection } from './issue-connection.ts';

/** Linear's answer for an id that names nothing the viewer can see. */
export function notFound(entity: string): LinearApiError {
  return new LinearApiError(
    'INPUT_ERROR',
    `Entity not found: ${entity}`,
    `Could not find referenced ${entity}.`,
  );
}

/** A record of a small entity set by id (teams also by key, projects also by slug id). */
export function findEntity<R extends { id: string }>(
  records: readonly R[],
  id: unknown,
  entity: string,
  alt?: (r: R) => string,
): R {
  const found = records.find((r) => r.id === id || (alt !== undefined && alt(r) === id));
  if (found === undefined) throw notFound(entity);
  return found;
}

export function findIssue(g: Graph, id: unknown): number {
  const idx = typeof id === 'string' ? g.store.findIssue(id) : -1;
  if (idx < 0) throw notFound('Issue');
  return idx;
}

const webhookKeys = {
  id: (w: WebhookRecord) => w.id,
  createdAt: (w: WebhookRecord) => w.createdAt,
  updatedAt: (w: WebhookRecord) => w.createdAt,
};

const Query = fields<unknown>({
  viewer: (_, __, g) => g.world.users[g.viewer],
  organization: (_, __, g) => g.world.org,
  teams: (_, a, g) => entityConnection(g, 'team', g.world.teams, a),
  team: (_, a, g) => findEntity(g.world.teams, a['id'], 'Team', (t) => t.key),
  users: (_, a, g) =>
    entityConnection(
      g,
      'user',
      a['includeDisabled'] === true ? g.world.users : g.world.users.filter((u) => u.active),
      a,
    ),
  user: (_, a, g) => findEntity(g.world.users, a['id'], 'User'),
  workflowStates: (_, a, g) => entityConnection(g, 'state', g.world.states, a),
  workflowState: (_, a, g) => findEntity(g.world.states, a['id'], 'WorkflowState'),
  projects: (_, a, g) => entityConnection(g, 'project', g.world.projects, a),
  project: (_, a, g) => findEntity(g.world.projects, a['id'], 'Project', (p) => p.slugId),
  issueLabels: (_, a, g) => entityConnection(g, 'label', g.world.labels, a),
  issueLabel: (_, a, g) => findEntity(g.world.labels, a['id'], 'IssueLabel'),
  issues: (_, a, g) => issueConnection(g, a),
  issue: (_, a, g) => g.issue(findIssue(g, a['id'])),
  comments: (_, a, g) => rootComments(g, a),
  comment: (_, a, g) => {
    const comment = typeof a['id'] === 'string' ? g.store.findComment(a['id']) : null;
    if (comment === null) throw notFound('Comment');
    return comment;
  },
  webhooks: (_, a, g) => listConnection(g.webhooks.list(), a, webhookKeys),
  webhook: (_, a, g) => {
    const hook = typeof a['id'] === 'string' ? g.webhooks.find(a['id']) : null;
    if (hook === null) throw notFound('Webhook');
    return hook;
  },
});

export const queryResolvers: Record<string, TypeResolvers> = { Query };

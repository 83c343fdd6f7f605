import { fields, type Graph, type TypeResolvers } from '../views/graph.ts';
import { addComment, archiveIssue, createIssue, updateIssue } from '../world/writes.ts';
import { dateOf, ensureSupported, invalidInput, issueChanges, newId } from './inputs.ts';
import { findEntity, findIssue, notFound } from './query.ts';

/** The mutations the product sends; their payloads carry `success` and `lastSyncId` as Linear's. */

const ISSUE_CREATE = [
  'teamId',
  'title',
  'description',
  'stateId',
  'assigneeId',
  'priority',
  'estimate',
  'projectId',
  'parentId',
  'labelIds',
  'createdAt',
  'id',
];
const ISSUE_UPDATE = [
  'title',
  'description',
  'stateId',
  'assigneeId',
  'priority',
  'estimate',
  'projectId',
  'parentId',
  'labelIds',
  'addedLabelIds',
  'removedLabelIds',
  'teamId',
];
const ORDERING = [
  'sortOrder',
  'prioritySortOrder',
  'subIssueSortOrder',
  'subscriberIds',
  'preserveSortOrderOnCreate',
];

const input = (args: Record<string, unknown>): Record<string, unknown> =>
  (args['input'] ?? {}) as Record<string, unknown>;

function issuePayload(g: Graph, idx: number): Record<string, unknown> {
  return { success: true, issue: g.issue(idx), lastSyncId: g.store.syncId };
}

const Mutation = fields<unknown>({
  issueCreate: (_, a, g) => {
    const data = input(a);
    ensureSupported(data, 'IssueCreateInput', ISSUE_CREATE, ORDERING);
    const team = findEntity(g.world.teams, data['teamId'], 'Team', (t) => t.key);
    if (typeof data['title'] !== 'string') throw invalidInput('title must be a string');
    const changes = issueChanges(g, team.idx, data, -1);
    const id = newId(data['id'], (candidate) => g.store.issueIdTaken(candidate));
    const idx = createIssue(
      g.store,
      {
        ...changes,
        team: team.idx,
        title: changes.title ?? '',
        ...(data['createdAt'] !== undefined && data['createdAt'] !== null
          ? { createdAt: dateOf(data['createdAt'], g.nowMs, 'createdAt') }
          : {}),
        ...(id !== undefined ? { id } : {}),
      },
      g.viewer,
    );
    return issuePayload(g, idx);
  },
  issueUpdate: (_, a, g) => {
    const idx = findIssue(g, a['id']);
    const data = input(a);
    ensureSupported(data, 'IssueUpdateInput', ISSUE_UPDATE, ORDERING);
    const team = g.store.table.team[idx]!;
    if (data['teamId'] !== undefined && data['teamId'] !== null) {
      const target = findEntity(g.world.teams, data['teamId'], 'Team', (t) => t.key);
      if (target.idx !== team)
        throw invalidInput('Moving issues between teams is not supported by the Linear sandbox');
    }
    updateIssue(g.store, idx, issueChanges(g, team, data, idx), g.viewer);
    return issuePayload(g, idx);
  },
  issueArchive: (_, a, g) => {
    const idx = findIssue(g, a['id']);
    archiveIssue(g.store, idx, g.viewer, a['trash'] === true);
    return { success: true, entity: g.issue(idx), lastSyncId: g.store.syncId };
  },
  // Linear moves deleted issues to the trash (archived, `trashed: true`) before purging them; the sandbox never purges.
  issueDelete: (_, a, g) => {
    const idx = findIssue(g, a['id']);
    archiveIssue(g.store, idx, g.viewer, true);
    return { success: true, entity: g.issue(idx), lastSyncId: g.store.syncId };
  },
  commentCreate: (_, a, g) => {
    const data = input(a);
    ensureSupported(
      data,
      'CommentCreateInput',
      ['issueId', 'body', 'parentId', 'createdAt', 'id'],
      ['doNotSubscribeToIssue', 'subscriberIds'],
    );
    if (data['issueId'] === undefined || data['issueId'] === null) throw invalidInput('issueId is required');
    const idx = findIssue(g, data['issueId']);
    if (typeof data['body'] !== 'string' || data['body'].trim() === '')
      throw invalidInput('body must not be empty');
    let parent = -1;
    if (data['parentId'] !== undefined && data['parentId'] !== null) {
      const found = typeof data['parentId'] === 'string' ? g.store.findComment(data['parentId']) : null;
      if (found === null || found.issue !== idx) throw notFound('Comment');
      parent = found.ordinal;
    }
    const id = newId(data['id'], (candidate) => g.store.commentIdTaken(candidate));
    const comment = addComment(g.store, idx, data['body'], g.viewer, {
      parent,
      ...(id !== undefined ? { id } : {}),
      ...(data['createdAt'] !== undefined && data['createdAt'] !== null
        ? { createdAt: dateOf(data['createdAt'], g.nowMs, 'createdAt') }
        : {}),
    });
    return { success: true, comment, lastSyncId: g.store.syncId };
  },
  webhookCreate: (_, a, g) => {
    const data = input(a);
    ensureSupported(data, 'WebhookCreateInput', [
      'url',
      'teamId',
      'allPublicTeams',
      'resourceTypes',
      'secret',
      'label',
      'enabled',
      'id',
    ]);
    const url = data['url'];
    if (typeof url !== 'string' || !/^https?:\/\/.+/.test(url))
      throw invalidInput('url must be an http(s) URL');
    const resourceTypes = data['resourceTypes'];
    if (!Array.isArray(resourceTypes) || resourceTypes.length === 0)
      throw invalidInput('resourceTypes must not be empty');
    const allPublicTeams = data['allPublicTeams'] === true;
    const team =
      data['teamId'] === undefined || data['teamId'] === null
        ? -1
        : findEntity(g.world.teams, data['teamId'], 'Team').idx;
    if (!allPublicTeams && team < 0) throw invalidInput('Either teamId or allPublicTeams must be set');
    const id = newId(data['id'], (candidate) => g.webhooks.find(candidate) !== null);
    const hook = g.webhooks.add({
      url,
      label: typeof data['label'] === 'string' ? data['label'] : null,
      team: allPublicTeams ? -1 : team,
      allPublicTeams,
      resourceTypes: resourceTypes.map(String),
      enabled: data['enabled'] !== false,
      createdAt: g.store.tick(),
      creator: g.viewer,
      ...(typeof data['secret'] === 'string' ? { secret: data['secret'] } : {}),
      ...(id !== undefined ? { id } : {}),
    });
    return { success: true, webhook: hook, lastSyncId: g.store.syncId };
  },
  webhookDelete: (_, a, g) => {
    if (typeof a['id'] !== 'string' || !g.webhooks.remove(a['id'], g.store.tick())) throw notFound('Webhook');
    return { success: true, entityId: a['id'], lastSyncId: g.store.syncId };
  },
});

export const mutationResolvers: Record<string, TypeResolvers> = { Mutation };

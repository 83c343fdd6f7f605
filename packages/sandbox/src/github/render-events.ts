import type { GhComment, GhEvent } from './history.ts';
import { authorAssociation, itemUrls, reactions } from './render-issue.ts';
import { iso, nodeId, userAt } from './render-repo.ts';
import type { GithubStore } from './store.ts';

/** JSON of issue comments, issue events and timeline entries, shaped as api.github.com answers. */

export function commentJson(api: string, store: GithubStore, g: number, c: GhComment) {
  const urls = itemUrls(api, store, g);
  const url = `${urls.repoApi}/issues/comments/${c.id}`;
  return {
    url,
    html_url: `${urls.html}#issuecomment-${c.id}`,
    issue_url: urls.issue,
    id: c.id,
    node_id: nodeId('IC', c.id),
    user: userAt(api, store.world, c.author),
    created_at: iso(c.at),
    updated_at: iso(c.updatedAt),
    body: c.body,
    author_association: authorAssociation(store, store.table.repo[g] ?? 0, c.author),
    reactions: reactions(url),
    performed_via_github_app: null,
  };
}

/**
 * One issue event. `timeline` selects the timeline flavour, where an assignment names no assigner; in the events
 * list it does.
 */
export function eventJson(api: string, store: GithubStore, g: number, e: GhEvent, timeline: boolean) {
  const { world } = store;
  const urls = itemUrls(api, store, g);
  const json: Record<string, unknown> = {
    id: e.id,
    node_id: nodeId(eventPrefix(e.kind), e.id),
    url: `${urls.repoApi}/issues/events/${e.id}`,
    actor: userAt(api, world, e.actor),
    event: e.kind,
    commit_id: e.commitId ?? null,
    commit_url: e.commitId ? `${urls.repoApi}/commits/${e.commitId}` : null,
    created_at: iso(e.at),
    performed_via_github_app: null,
  };
  switch (e.kind) {
    case 'labeled':
    case 'unlabeled': {
      const def = world.labels.find((l) => l.bit === e.label);
      json.label = { name: def?.name ?? 'unknown', color: def?.color ?? 'ededed' };
      break;
    }
    case 'assigned':
    case 'unassigned':
      json.assignee = userAt(api, world, e.assignee ?? e.actor);
      if (!timeline) json.assigner = userAt(api, world, e.actor);
      break;
    case 'closed':
    case 'reopened':
      json.state_reason = e.stateReason ?? null;
      break;
    case 'renamed':
      json.rename = e.rename ?? { from: '', to: '' };
      break;
    case 'merged':
      break;
  }
  return json;
}

function eventPrefix(kind: GhEvent['kind']): string {
  switch (kind) {
    case 'labeled':
      return 'LE';
    case 'unlabeled':
      return 'UNLE';
    case 'assigned':
      return 'AE';
    case 'unassigned':
      return 'UAE';
    case 'closed':
      return 'CE';
    case 'reopened':
      return 'REE';
    case 'merged':
      return 'ME';
    case 'renamed':
      return 'RTE';
  }
}

/** A comment as a timeline entry (`event: "commented"`). */
export function timelineCommentJson(api: string, store: GithubStore, g: number, c: GhComment) {
  return { event: 'commented', actor: userAt(api, store.world, c.author), ...commentJson(api, store, g, c) };
}

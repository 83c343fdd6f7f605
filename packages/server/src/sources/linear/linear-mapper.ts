import { markdownToText } from '../github/markdown-text.ts';
import type {
  SourceComment,
  SourceItem,
  SourceLink,
  SourcePerson,
  SourceTransition,
} from '../source-item.ts';
import type { LinearComment, LinearHistoryEntry, LinearIssue, LinearUser } from './linear-payloads.ts';

/** An issue with every page of its history and comments. */
export interface CompleteIssue {
  issue: LinearIssue;
  history: LinearHistoryEntry[];
  comments: LinearComment[];
}

export function personOf(user: LinearUser | null): SourcePerson | null {
  return user === null ? null : { accountId: user.id, displayName: user.name, email: user.email };
}

/** Oldest first (Linear pages nested connections newest first); equal instants by id, so the order is stable. */
function chronological<T extends { createdAt: string; id: string }>(nodes: readonly T[]): T[] {
  return [...nodes].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id),
  );
}

/** History entries that moved the workflow state, as transitions keyed by the entry's id. */
function transitionsOf(history: readonly LinearHistoryEntry[]): SourceTransition[] {
  return chronological(history).flatMap((entry) =>
    entry.toState === null
      ? []
      : [
          {
            eventId: entry.id,
            at: new Date(entry.createdAt),
            actor: personOf(entry.actor),
            from:
              entry.fromState === null
                ? null
                : { name: entry.fromState.name, category: entry.fromState.type },
            to: { name: entry.toState.name, category: entry.toState.type },
          },
        ],
  );
}

function commentsOf(comments: readonly LinearComment[]): SourceComment[] {
  return chronological(comments).map((comment) => ({
    sourceId: comment.id,
    author: personOf(comment.user),
    body: markdownToText(comment.body),
    createdAt: new Date(comment.createdAt),
    updatedAt: new Date(comment.updatedAt),
  }));
}

function linksOf(issue: LinearIssue): SourceLink[] {
  const outward = issue.relations.nodes.flatMap((r) =>
    r.relatedIssue === null
      ? []
      : [
          {
            type: r.type,
            direction: 'outward' as const,
            targetKey: r.relatedIssue.identifier,
            sourceId: r.id,
          },
        ],
  );
  const inward = issue.inverseRelations.nodes.flatMap((r) =>
    r.issue === null
      ? []
      : [{ type: r.type, direction: 'inward' as const, targetKey: r.issue.identifier, sourceId: r.id }],
  );
  return [...outward, ...inward];
}

const dateOrNull = (value: string | null): Date | null => (value === null ? null : new Date(value));

/**
 * A Linear issue as the sync engine consumes it. Linear has no issue types: `type` is `issue`, or `sub-issue` under
 * a parent. Priority is Linear's number (0 none, 1 urgent ... 4 low) as a string; the engine maps it. `raw` is the
 * issue as fetched, with its history and comments connections holding every page.
 */
export function toSourceItem({ issue, history, comments }: CompleteIssue): SourceItem {
  return {
    sourceId: issue.id,
    key: issue.identifier,
    projectKey: issue.team.key,
    title: issue.title,
    description: issue.description,
    type: issue.parent === null ? 'issue' : 'sub-issue',
    status: { name: issue.state.name, category: issue.state.type },
    priority: String(issue.priority),
    assignee: personOf(issue.assignee),
    reporter: personOf(issue.creator),
    labels: issue.labels.nodes.map((l) => l.name),
    team: issue.team.name,
    parentKey: issue.parent?.identifier ?? null,
    createdAt: new Date(issue.createdAt),
    updatedAt: new Date(issue.updatedAt),
    closedAt: dateOrNull(issue.completedAt ?? issue.canceledAt),
    customFields: {
      priorityLabel: issue.priorityLabel,
      estimate: issue.estimate,
      project: issue.project === null ? null : { id: issue.project.id, name: issue.project.name },
      cycle:
        issue.cycle === null
          ? null
          : { id: issue.cycle.id, number: issue.cycle.number, name: issue.cycle.name },
      url: issue.url,
      startedAt: issue.startedAt,
      canceledAt: issue.canceledAt,
      archivedAt: issue.archivedAt,
      trashed: issue.trashed === true,
    },
    transitions: transitionsOf(history),
    comments: commentsOf(comments),
    links: linksOf(issue),
    raw: {
      ...issue,
      history: { nodes: history, pageInfo: { hasNextPage: false, endCursor: null } },
      comments: { nodes: comments, pageInfo: { hasNextPage: false, endCursor: null } },
    },
  };
}

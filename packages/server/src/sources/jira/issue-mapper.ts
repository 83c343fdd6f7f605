import type {
  SourceComment,
  SourceItem,
  SourceLink,
  SourcePerson,
  SourceTransition,
} from '../source-item.ts';
import { adfToText } from './adf.ts';
import type { CustomFieldIds } from './issue-fields.ts';
import { jiraSprintListSchema, jiraStoryPointsSchema } from './jira-meta-payloads.ts';
import type { JiraComment, JiraHistory, JiraIssue, JiraUser } from './jira-payloads.ts';
import type { StatusCatalog } from './status-catalog.ts';

/** An issue with its whole changelog and every comment (fetched beyond the inline pages where needed). */
export interface CompleteIssue {
  issue: JiraIssue;
  /** The payload as Jira sent it. */
  raw: unknown;
  histories: JiraHistory[];
  comments: JiraComment[];
}

export function toPerson(user: JiraUser | null | undefined): SourcePerson | null {
  if (user === null || user === undefined) return null;
  return {
    accountId: user.accountId,
    displayName: user.displayName ?? user.accountId,
    email: user.emailAddress ?? null,
  };
}

/** Oldest first; ids break ties (Jira's history ids grow with time). */
export function byCreated(a: JiraHistory, b: JiraHistory): number {
  return a.created.getTime() - b.created.getTime() || Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
}

function isStatusChange(item: JiraHistory['items'][number]): boolean {
  return item.fieldtype !== 'custom' && (item.fieldId ?? item.field) === 'status';
}

/** Status ids a changelog names, for the catalog to know before mapping. */
export function statusIdsOf(histories: readonly JiraHistory[]): string[] {
  const ids = new Set<string>();
  for (const h of histories) {
    for (const item of h.items) {
      if (!isStatusChange(item)) continue;
      if (item.from !== null && item.from !== undefined) ids.add(item.from);
      if (item.to !== null && item.to !== undefined) ids.add(item.to);
    }
  }
  return [...ids];
}

/** The status changes of a changelog, oldest first; `eventId` is the history id and the item's place in it. */
export function transitionsOf(histories: readonly JiraHistory[], catalog: StatusCatalog): SourceTransition[] {
  const out: SourceTransition[] = [];
  for (const history of [...histories].sort(byCreated)) {
    history.items.forEach((item, index) => {
      if (!isStatusChange(item)) return;
      const toName = item.toString ?? null;
      if (toName === null) return;
      const fromName = item.fromString ?? null;
      out.push({
        eventId: `${history.id}:${index}`,
        at: history.created,
        actor: toPerson(history.author),
        from: fromName === null ? null : catalog.statusOf(item.from, fromName),
        to: catalog.statusOf(item.to, toName),
      });
    });
  }
  return out;
}

function commentOf(comment: JiraComment): SourceComment {
  return {
    sourceId: comment.id,
    author: toPerson(comment.author),
    body: adfToText(comment.body) ?? '',
    createdAt: comment.created,
    updatedAt: comment.updated ?? null,
  };
}

function linksOf(issue: JiraIssue): SourceLink[] {
  const links: SourceLink[] = [];
  for (const link of issue.fields.issuelinks ?? []) {
    // `outwardIssue` reads "this issue <outward> target" (blocks), `inwardIssue` "<inward> target" (is blocked by).
    if (link.outwardIssue !== undefined) {
      links.push({
        type: link.type.name,
        direction: 'outward',
        targetKey: link.outwardIssue.key,
        sourceId: link.id ?? null,
      });
    }
    if (link.inwardIssue !== undefined) {
      links.push({
        type: link.type.name,
        direction: 'inward',
        targetKey: link.inwardIssue.key,
        sourceId: link.id ?? null,
      });
    }
  }
  return links;
}

/** Story points and sprints, read from the site's own custom field ids, plus system fields with no SourceItem slot. */
function customFieldsOf(issue: JiraIssue, ids: CustomFieldIds): Record<string, unknown> {
  const fields = issue.fields as Record<string, unknown>;
  const points =
    ids.storyPoints === null ? undefined : jiraStoryPointsSchema.safeParse(fields[ids.storyPoints]);
  const sprints = ids.sprint === null ? undefined : jiraSprintListSchema.safeParse(fields[ids.sprint]);
  return {
    components: (issue.fields.components ?? []).map((c) => c.name),
    resolution: issue.fields.resolution?.name ?? null,
    dueDate: issue.fields.duedate ?? null,
    storyPoints: points?.success === true ? (points.data ?? null) : null,
    sprints:
      sprints?.success === true
        ? (sprints.data ?? []).map((s) => ({ id: s.id, name: s.name, state: s.state ?? null }))
        : [],
  };
}

/** A Jira issue as the sync engine consumes it. */
export function toSourceItem(
  complete: CompleteIssue,
  catalog: StatusCatalog,
  ids: CustomFieldIds,
): SourceItem {
  const { issue } = complete;
  const f = issue.fields;
  return {
    sourceId: issue.id,
    key: issue.key,
    projectKey: f.project?.key ?? issue.key.replace(/-\d+$/, ''),
    title: f.summary ?? '',
    description: adfToText(f.description),
    type: f.issuetype?.name ?? '',
    status: { name: f.status.name, category: f.status.statusCategory.key },
    priority: f.priority?.name ?? null,
    assignee: toPerson(f.assignee),
    reporter: toPerson(f.reporter),
    labels: f.labels ?? [],
    team: null,
    parentKey: f.parent?.key ?? null,
    createdAt: f.created,
    updatedAt: f.updated,
    closedAt: f.resolutiondate ?? null,
    customFields: customFieldsOf(issue, ids),
    transitions: transitionsOf(complete.histories, catalog),
    comments: complete.comments.map(commentOf),
    links: linksOf(issue),
    raw: complete.raw,
  };
}

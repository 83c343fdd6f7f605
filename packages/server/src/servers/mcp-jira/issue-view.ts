import { z } from 'zod';
import type { SourceInstance } from '../../repositories/source-instances.ts';
import { adfToText } from '../../sources/jira/adf.ts';
import { unexpectedPayload } from '../../sources/jira/jira-errors.ts';
import { parseJiraTimestamp } from '../../sources/jira/jira-time.ts';

/**
 * What a model sees of an issue: a flat, compact object with the values people talk about, plus Jira's raw
 * fields only when it asked for them. Built from Jira's own issue JSON.
 */

/** Fields every issue view needs; searches and reads always ask for them. */
export const VIEW_FIELDS = [
  'summary',
  'status',
  'issuetype',
  'priority',
  'assignee',
  'reporter',
  'labels',
  'project',
  'parent',
  'created',
  'updated',
  'resolutiondate',
] as const;

export const personViewSchema = z.object({ account_id: z.string(), display_name: z.string() });
export type PersonView = z.infer<typeof personViewSchema>;

export const issueViewSchema = z.object({
  instance_id: z.string(),
  key: z.string(),
  id: z.string(),
  url: z.string(),
  summary: z.string(),
  status: z.string().nullable(),
  status_category: z.string().nullable().describe('new, indeterminate or done'),
  type: z.string().nullable(),
  priority: z.string().nullable(),
  assignee: personViewSchema.nullable(),
  reporter: personViewSchema.nullable(),
  labels: z.array(z.string()),
  project_key: z.string().nullable(),
  parent_key: z.string().nullable(),
  created: z.string().nullable(),
  updated: z.string().nullable(),
  resolved: z.string().nullable(),
  /** Jira's raw values of the fields the caller asked for. */
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type IssueView = z.infer<typeof issueViewSchema>;

const named = z.object({ name: z.string() }).loose();
const keyed = z.object({ key: z.string() }).loose();
const rawUserSchema = z.object({ accountId: z.string(), displayName: z.string().optional() }).loose();

const rawIssueSchema = z
  .object({
    id: z.string().min(1),
    key: z.string().min(1),
    fields: z
      .object({
        summary: z.string().nullish(),
        description: z.unknown().optional(),
        status: z
          .object({ name: z.string(), statusCategory: z.object({ key: z.string() }).loose().nullish() })
          .loose()
          .nullish(),
        issuetype: named.nullish(),
        priority: named.nullish(),
        assignee: rawUserSchema.nullish(),
        reporter: rawUserSchema.nullish(),
        labels: z.array(z.string()).nullish(),
        project: keyed.nullish(),
        parent: keyed.nullish(),
        created: z.string().nullish(),
        updated: z.string().nullish(),
        resolutiondate: z.string().nullish(),
      })
      .loose()
      .default({}),
  })
  .loose();
type RawIssue = z.infer<typeof rawIssueSchema>;

export function personView(user: z.infer<typeof rawUserSchema> | null | undefined): PersonView | null {
  if (user === null || user === undefined) return null;
  return { account_id: user.accountId, display_name: user.displayName ?? user.accountId };
}

/** A Jira timestamp as ISO 8601 (UTC); text that is not one passes through. */
export function isoTime(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return parseJiraTimestamp(text)?.toISOString() ?? text;
}

export function browseUrl(instance: Pick<SourceInstance, 'baseUrl'>, key: string): string {
  return `${instance.baseUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;
}

function parseIssue(raw: unknown): RawIssue {
  const parsed = rawIssueSchema.safeParse(raw);
  if (!parsed.success) throw unexpectedPayload('an issue', parsed.error);
  return parsed.data;
}

/** Jira's raw values of `requested` (all of them for `*all` or `*navigable`). */
function requestedFields(issue: RawIssue, requested: readonly string[]): Record<string, unknown> {
  const raw = issue.fields as Record<string, unknown>;
  if (requested.some((f) => f === '*all' || f === '*navigable')) return raw;
  return Object.fromEntries(requested.filter((f) => f in raw).map((f) => [f, raw[f]]));
}

/**
 * The compact view of one issue of `instance`. `requested` are the field ids the caller asked for: their
 * raw values come along under `fields` (absent when none were asked for).
 */
export function issueView(
  instance: Pick<SourceInstance, 'id' | 'baseUrl'>,
  raw: unknown,
  requested: readonly string[] = [],
): IssueView {
  const issue = parseIssue(raw);
  const f = issue.fields;
  return {
    instance_id: instance.id,
    key: issue.key,
    id: issue.id,
    url: browseUrl(instance, issue.key),
    summary: f.summary ?? '',
    status: f.status?.name ?? null,
    status_category: f.status?.statusCategory?.key ?? null,
    type: f.issuetype?.name ?? null,
    priority: f.priority?.name ?? null,
    assignee: personView(f.assignee),
    reporter: personView(f.reporter),
    labels: f.labels ?? [],
    project_key: f.project?.key ?? null,
    parent_key: f.parent?.key ?? null,
    created: isoTime(f.created),
    updated: isoTime(f.updated),
    resolved: isoTime(f.resolutiondate),
    ...(requested.length === 0 ? {} : { fields: requestedFields(issue, requested) }),
  };
}

/** The plain text of an issue's description (ADF flattened), or null. */
export function descriptionText(raw: unknown): string | null {
  return adfToText(parseIssue(raw).fields.description);
}

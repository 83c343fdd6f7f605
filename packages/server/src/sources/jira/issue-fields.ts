import type { JiraFieldList } from './jira-meta-payloads.ts';

/** Ids of the custom fields the adapter reports, which differ between sites. */
export interface CustomFieldIds {
  storyPoints: string | null;
  sprint: string | null;
}

const STORY_POINTS_TYPE = 'com.pyxis.greenhopper.jira:jsw-story-points';
const SPRINT_TYPE = 'com.pyxis.greenhopper.jira:gh-sprint';

/**
 * Finds story points and sprint in the site's field list (`GET /rest/api/3/field`): by their Jira Software
 * type, else (story points on company-managed projects are a plain number field) by name.
 */
export function customFieldIds(fields: JiraFieldList): CustomFieldIds {
  const byType = (type: string): string | null => fields.find((f) => f.schema?.custom === type)?.id ?? null;
  const byName =
    fields.find(
      (f) => f.custom === true && f.schema?.type === 'number' && /^story points?( estimate)?$/i.test(f.name),
    )?.id ?? null;
  return { storyPoints: byType(STORY_POINTS_TYPE) ?? byName, sprint: byType(SPRINT_TYPE) };
}

/** System fields every read asks for; `/search/jql` returns only ids unless fields are named. */
const SYSTEM_FIELDS = [
  'summary',
  'description',
  'issuetype',
  'status',
  'priority',
  'assignee',
  'reporter',
  'labels',
  'parent',
  'created',
  'updated',
  'resolutiondate',
  'resolution',
  'duedate',
  'project',
  'components',
  'issuelinks',
  'comment',
] as const;

export function issueFieldList(ids: CustomFieldIds): string[] {
  return [...SYSTEM_FIELDS, ...[ids.storyPoints, ids.sprint].filter((id): id is string => id !== null)];
}

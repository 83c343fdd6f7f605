/** The issue fields the fake knows, as `GET /rest/api/3/field` lists them. */
export interface FieldDef {
  readonly id: string;
  readonly name: string;
  readonly custom: boolean;
  readonly navigable: boolean;
  readonly orderable: boolean;
  readonly searchable: boolean;
  readonly clauseNames: readonly string[];
  readonly schema: { type: string; items?: string; system?: string; custom?: string; customId?: number };
}

function system(
  id: string,
  name: string,
  type: string,
  extra: {
    items?: string;
    navigable?: boolean;
    orderable?: boolean;
    searchable?: boolean;
    clauses?: string[];
  } = {},
): FieldDef {
  return {
    id,
    name,
    custom: false,
    navigable: extra.navigable ?? true,
    orderable: extra.orderable ?? true,
    searchable: extra.searchable ?? true,
    clauseNames: extra.clauses ?? [id],
    schema: { type, ...(extra.items === undefined ? {} : { items: extra.items }), system: id },
  };
}

export const STORY_POINTS_FIELD = 'customfield_10016';
export const SPRINT_FIELD = 'customfield_10020';

export const FIELDS: readonly FieldDef[] = [
  system('summary', 'Summary', 'string'),
  system('description', 'Description', 'string'),
  system('issuetype', 'Issue Type', 'issuetype', { clauses: ['issuetype', 'type'] }),
  system('status', 'Status', 'status', { orderable: false }),
  system('statusCategory', 'Status Category', 'statusCategory', { orderable: false, navigable: false }),
  system('priority', 'Priority', 'priority'),
  system('assignee', 'Assignee', 'user'),
  system('reporter', 'Reporter', 'user'),
  system('creator', 'Creator', 'user', { orderable: false }),
  system('project', 'Project', 'project', { orderable: false }),
  system('labels', 'Labels', 'array', { items: 'string' }),
  system('components', 'Components', 'array', { items: 'component', clauses: ['component'] }),
  system('fixVersions', 'Fix versions', 'array', { items: 'version', clauses: ['fixVersion'] }),
  system('versions', 'Affects versions', 'array', { items: 'version', clauses: ['affectedVersion'] }),
  system('created', 'Created', 'datetime', { orderable: false, clauses: ['created', 'createdDate'] }),
  system('updated', 'Updated', 'datetime', { orderable: false, clauses: ['updated', 'updatedDate'] }),
  system('resolution', 'Resolution', 'resolution'),
  system('resolutiondate', 'Resolved', 'datetime', {
    orderable: false,
    clauses: ['resolved', 'resolutiondate'],
  }),
  system('statuscategorychangedate', 'Status Category Changed', 'datetime', {
    orderable: false,
    clauses: ['statusCategoryChangedDate'],
  }),
  system('duedate', 'Due date', 'date', { clauses: ['due', 'duedate'] }),
  system('environment', 'Environment', 'string'),
  system('parent', 'Parent', 'issuelink', { clauses: ['parent'] }),
  system('subtasks', 'Sub-tasks', 'array', { items: 'issuelinks', orderable: false, clauses: ['subtasks'] }),
  system('issuelinks', 'Linked Issues', 'array', { items: 'issuelinks', clauses: ['issueLink'] }),
  system('comment', 'Comment', 'comments-page', { clauses: ['comment'] }),
  system('attachment', 'Attachment', 'array', { items: 'attachment', clauses: ['attachments'] }),
  system('worklog', 'Log Work', 'array', { items: 'worklog', navigable: false, clauses: ['worklogComment'] }),
  system('timetracking', 'Time tracking', 'timetracking', {
    navigable: false,
    searchable: false,
    clauses: [],
  }),
  system('watches', 'Watchers', 'watches', { orderable: false, clauses: ['watchers'] }),
  system('votes', 'Votes', 'votes', { orderable: false, clauses: ['votes'] }),
  system('security', 'Security Level', 'securitylevel', { clauses: ['level'] }),
  system('lastViewed', 'Last Viewed', 'datetime', { orderable: false, clauses: ['lastViewed'] }),
  {
    id: STORY_POINTS_FIELD,
    name: 'Story point estimate',
    custom: true,
    navigable: true,
    orderable: true,
    searchable: true,
    clauseNames: ['cf[10016]', 'Story point estimate', 'Story point estimate[Number]'],
    schema: { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points', customId: 10016 },
  },
  {
    id: SPRINT_FIELD,
    name: 'Sprint',
    custom: true,
    navigable: true,
    orderable: true,
    searchable: true,
    clauseNames: ['cf[10020]', 'Sprint', 'Sprint[Dropdown]'],
    schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 10020 },
  },
];

export const FIELD_BY_ID: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.id, f]));

/** Fields rendered in issue bodies (statusCategory is searchable only). */
export const RENDERED_FIELDS: readonly string[] = FIELDS.filter((f) => f.id !== 'statusCategory').map(
  (f) => f.id,
);
export const NAVIGABLE_FIELDS: readonly string[] = FIELDS.filter(
  (f) => f.navigable && f.id !== 'statusCategory',
).map((f) => f.id);

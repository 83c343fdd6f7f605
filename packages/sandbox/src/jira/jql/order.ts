import { PROJECTS } from '../catalog/projects.ts';
import { STATUSES } from '../catalog/workflow.ts';
import type { JiraStore } from '../data/store.ts';
import { JqlError, type OrderItem } from './ast.ts';

export type SortField =
  | 'created'
  | 'updated'
  | 'key'
  | 'priority'
  | 'status'
  | 'assignee'
  | 'reporter'
  | 'resolved'
  | 'issuetype'
  | 'project';

export interface SortSpec {
  field: SortField;
  direction: 'asc' | 'desc';
}

const SORT_FIELDS: Record<string, SortField> = {
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
  key: 'key',
  issuekey: 'key',
  id: 'key',
  priority: 'priority',
  status: 'status',
  assignee: 'assignee',
  reporter: 'reporter',
  resolved: 'resolved',
  resolutiondate: 'resolved',
  issuetype: 'issuetype',
  type: 'issuetype',
  project: 'project',
};

/** Without ORDER BY, results come newest key first. */
export const DEFAULT_ORDER: readonly SortSpec[] = [{ field: 'key', direction: 'desc' }];

export function orderOf(items: readonly OrderItem[]): SortSpec[] {
  if (items.length > 7) throw new JqlError('The ORDER BY clause can contain a maximum of 7 fields.');
  if (items.length === 0) return [...DEFAULT_ORDER];
  return items.map((item) => {
    const field = SORT_FIELDS[item.field.toLowerCase()];
    if (field === undefined) {
      throw new JqlError(`Field '${item.field}' does not exist or you do not have permission to view it.`);
    }
    return { field, direction: item.direction ?? 'asc' };
  });
}

/** Project order for `ORDER BY key`: alphabetical by project key. */
const PROJECT_RANK = PROJECTS.map((p) => PROJECTS.filter((q) => q.key < p.key).length);

/** A number per issue that sorts as the field does (empty values sort last ascending). */
function sortValue(store: JiraStore, field: SortField, i: number): number | string {
  const t = store.table;
  switch (field) {
    case 'created':
      return t.created[i] ?? 0;
    case 'updated':
      return t.updated[i] ?? 0;
    case 'key':
      return (PROJECT_RANK[t.project[i] ?? 0] ?? 0) * 1e9 + (t.num[i] ?? 0);
    // Highest has the largest value, so DESC lists the most urgent first, as in Jira.
    case 'priority':
      return 4 - (t.priority[i] ?? 0);
    case 'status':
      return STATUSES[t.status[i] ?? 0]?.name ?? '';
    case 'assignee':
      return (t.assignee[i] ?? -1) < 0 ? '\uffff' : (store.people[t.assignee[i] ?? 0]?.displayName ?? '');
    case 'reporter':
      return (t.reporter[i] ?? -1) < 0 ? '\uffff' : (store.people[t.reporter[i] ?? 0]?.displayName ?? '');
    case 'resolved':
      return Number.isNaN(t.resolved[i]) ? Infinity : (t.resolved[i] ?? Infinity);
    case 'issuetype':
      return t.type[i] ?? 0;
    case 'project':
      return PROJECT_RANK[t.project[i] ?? 0] ?? 0;
  }
}

/** A total order on issue indexes following `order`, ties broken by index in the direction of the first key. */
export function comparatorOf(store: JiraStore, order: readonly SortSpec[]): (a: number, b: number) => number {
  const tieDirection = order[0]?.direction === 'desc' ? -1 : 1;
  return (a, b) => {
    for (const spec of order) {
      const va = sortValue(store, spec.field, a);
      const vb = sortValue(store, spec.field, b);
      if (va !== vb) {
        const cmp = va < vb ? -1 : 1;
        return spec.direction === 'asc' ? cmp : -cmp;
      }
    }
    return (a - b) * tieDirection;
  };
}

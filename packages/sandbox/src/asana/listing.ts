import { isLive, sectionIn, type AsanaStore } from './store.ts';
import { TASK_FLAG } from './table.ts';

/** `GET /tasks`: which tasks a query names, in Asana's order, with their position keys for paging. */

export type TaskSource =
  | { kind: 'project'; project: number }
  | { kind: 'section'; project: number; section: number }
  | { kind: 'assignee'; user: number };

export interface TaskFilter {
  /** Epoch ms: only tasks changed at or after (any change, stories and associations included). */
  modifiedSince: number | null;
  /** Epoch ms: only incomplete tasks or tasks completed at or after; `Infinity` for "now" (incomplete only). */
  completedSince: number | null;
}

export function* tasksOf(
  store: AsanaStore,
  source: TaskSource,
  filter: TaskFilter,
): Generator<{ key: number; value: number }> {
  const t = store.table;
  const keep = (g: number): boolean => {
    if (!isLive(store, g)) return false;
    if (filter.modifiedSince !== null && (t.touchedAt[g] ?? 0) < filter.modifiedSince) return false;
    if (
      filter.completedSince !== null &&
      t.has(g, TASK_FLAG.completed) &&
      (t.completedAt[g] ?? 0) < filter.completedSince
    )
      return false;
    return true;
  };
  if (source.kind === 'assignee') {
    // A person's tasks across the workspace, oldest first.
    for (let g = 0; g < t.size; g++) if (t.assignee[g] === source.user && keep(g)) yield { key: g, value: g };
    return;
  }
  const list = store.lists[source.project];
  if (!list) return;
  for (let i = 0; i < list.tasks.length; i++) {
    const g = list.tasks[i] ?? -1;
    if (source.kind === 'section' && sectionIn(store, g, source.project) !== source.section) continue;
    if (keep(g)) yield { key: list.ranks[i] ?? 0, value: g };
  }
}

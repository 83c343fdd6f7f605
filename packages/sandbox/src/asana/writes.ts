import type { AsChange, AsDeps } from './context.ts';
import { modifies, type AsStory } from './history.ts';
import { materialize, type AsanaStore, type Membership } from './store.ts';
import { TASK_FLAG } from './table.ts';
import { gid, SECTION } from './world.ts';

/**
 * Writes: each one records the stories Asana would record, moves `modified_at` for property changes (and the
 * `modified_since` time for every change), keeps project order, and announces the change for webhooks.
 */

/** Table value of a task that belongs to no project (created in a workspace only). */
export const NO_PROJECT = 0xffff;

export interface TaskInput {
  name: string;
  notes: string;
  assignee: number;
  completed: boolean;
  dueDay: number;
  memberships: Membership[];
}

export interface TaskPatch {
  name?: string;
  notes?: string;
  assignee?: number;
  completed?: boolean;
  dueDay?: number;
}

function record(store: AsanaStore, g: number, story: Omit<AsStory, 'gid'>): AsStory {
  const full: AsStory = { gid: gid.newStory(store.next.story++), ...story };
  materialize(store, g).stories.push(full);
  const t = store.table;
  if (modifies(story.kind)) t.modifiedAt[g] = Math.max(t.modifiedAt[g] ?? 0, story.at);
  t.touchedAt[g] = Math.max(t.touchedAt[g] ?? 0, story.at);
  return full;
}

function appendToProject(store: AsanaStore, g: number, project: number): void {
  const list = store.lists[project];
  if (!list) return;
  list.tasks.push(g);
  list.ranks.push(store.next.rank++);
}

export function createTask(deps: AsDeps, actor: number, input: TaskInput): number {
  const { store } = deps;
  const now = store.nowMs();
  const home = input.memberships[0];
  const g = store.table.add({
    project: home?.project ?? NO_PROJECT,
    section: home?.section ?? 0,
    flags: input.completed ? TASK_FLAG.completed : 0,
    assignee: input.assignee,
    creator: actor,
    completedBy: input.completed ? actor : -1,
    seed: (store.mutationRng.next() * 0x100000000) >>> 0,
    createdAt: now,
    modifiedAt: now,
    touchedAt: now,
    completedAt: input.completed ? now : 0,
    dueDay: input.dueDay,
  });
  store.overlays.set(g, {
    name: input.name,
    notes: input.notes,
    memberships: input.memberships.map((m) => ({ ...m })),
    stories: [],
  });
  for (const m of input.memberships) appendToProject(store, g, m.project);
  if (input.memberships.length === 0) deps.onChange({ action: 'added', task: g, actor });
  for (const m of input.memberships)
    deps.onChange({ action: 'added', task: g, actor, parent: { type: 'project', project: m.project } });
  return g;
}

export function updateTask(deps: AsDeps, g: number, actor: number, patch: TaskPatch): void {
  const { store } = deps;
  const t = store.table;
  const rec = materialize(store, g);
  const at = store.nowMs();
  const changes: AsChange[] = [];
  const changed = (field: string) => changes.push({ action: 'changed', task: g, actor, field });
  if (patch.name !== undefined && patch.name !== rec.name) {
    rec.name = patch.name;
    record(store, g, { kind: 'name_changed', at, actor, text: patch.name });
    changed('name');
  }
  if (patch.notes !== undefined && patch.notes !== rec.notes) {
    rec.notes = patch.notes;
    record(store, g, { kind: 'notes_changed', at, actor });
    changed('notes');
  }
  if (patch.assignee !== undefined && patch.assignee !== t.assignee[g]) {
    const before = t.assignee[g] ?? -1;
    t.assignee[g] = patch.assignee;
    if (patch.assignee >= 0) record(store, g, { kind: 'assigned', at, actor, assignee: patch.assignee });
    else record(store, g, { kind: 'unassigned', at, actor, assignee: before });
    changed('assignee');
  }
  if (patch.dueDay !== undefined && patch.dueDay !== t.dueDay[g]) {
    t.dueDay[g] = patch.dueDay;
    const dueOn = patch.dueDay < 0 ? null : new Date(patch.dueDay * 86_400_000).toISOString().slice(0, 10);
    record(store, g, { kind: 'due_date_changed', at, actor, dueOn });
    changed('due_on');
  }
  if (patch.completed !== undefined && patch.completed !== t.has(g, TASK_FLAG.completed)) {
    t.setFlag(g, TASK_FLAG.completed, patch.completed);
    t.completedAt[g] = patch.completed ? at : 0;
    t.completedBy[g] = patch.completed ? actor : -1;
    record(store, g, { kind: patch.completed ? 'marked_complete' : 'marked_incomplete', at, actor });
    changed('completed');
  }
  for (const change of changes) deps.onChange(change);
}

export function addComment(deps: AsDeps, g: number, actor: number, text: string): AsStory {
  const story = record(deps.store, g, { kind: 'comment_added', at: deps.store.nowMs(), actor, text });
  deps.onChange({ action: 'added', task: g, actor, story: story.gid });
  return story;
}

/**
 * Puts a task in a project's section: a task new to the project is added (at the bottom of the project order),
 * one already there is moved between sections.
 */
export function placeTask(
  deps: AsDeps,
  g: number,
  actor: number,
  project: number,
  section: number | null,
): void {
  const { store } = deps;
  const rec = materialize(store, g);
  const at = store.nowMs();
  const current = rec.memberships.find((m) => m.project === project);
  if (!current) {
    const target = section ?? SECTION.backlog;
    rec.memberships.push({ project, section: target });
    appendToProject(store, g, project);
    if (store.table.project[g] === NO_PROJECT) {
      store.table.project[g] = project;
      store.table.section[g] = target;
    }
    record(store, g, { kind: 'added_to_project', at, actor, project });
    deps.onChange({ action: 'added', task: g, actor, parent: { type: 'project', project } });
    deps.onChange({ action: 'added', task: g, actor, parent: { type: 'section', project, section: target } });
    return;
  }
  if (section === null || section === current.section) return;
  const from = current.section;
  current.section = section;
  if (store.table.project[g] === project) store.table.section[g] = section;
  record(store, g, { kind: 'section_changed', at, actor, project, fromSection: from, toSection: section });
  deps.onChange({ action: 'removed', task: g, actor, parent: { type: 'section', project, section: from } });
  deps.onChange({ action: 'added', task: g, actor, parent: { type: 'section', project, section } });
}

export function deleteTask(deps: AsDeps, g: number, actor: number): void {
  const { store } = deps;
  if (store.table.has(g, TASK_FLAG.deleted)) return;
  deps.onChange({ action: 'deleted', task: g, actor });
  store.table.setFlag(g, TASK_FLAG.deleted, true);
  store.table.touchedAt[g] = store.nowMs();
  for (const list of store.lists) {
    const i = list.tasks.indexOf(g);
    if (i >= 0) {
      list.tasks.splice(i, 1);
      list.ranks.splice(i, 1);
    }
  }
}

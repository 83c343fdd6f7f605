import type { SourceItem, SourceLink } from '../source-item.ts';
import { categoryOf, historyOf, personOf, sectionNameIn } from './asana-history.ts';
import type { AsanaStory, AsanaTask } from './asana-payloads.ts';

/**
 * An Asana task and its stories as a SourceItem, seen from one project (a task can live in several; its
 * status is its section in that project). Asana-only values go into `customFields`: the task's custom fields
 * under `custom_fields` by name (display value), and `resource_subtype`, `due_on`, `due_at`, `start_on`,
 * `permalink_url`, `num_subtasks`, `projects` (gids) and `assignment_history`.
 */

const PRIORITY_FIELD = /priority/i;

function priorityOf(task: AsanaTask): string | null {
  const field = (task.custom_fields ?? []).find((f) => PRIORITY_FIELD.test(f.name));
  return field?.enum_value?.name ?? field?.display_value ?? null;
}

/** `subtask` under a parent; milestones and approvals keep their Asana subtype; everything else is a `task`. */
function typeOf(task: AsanaTask): string {
  if (task.parent) return 'subtask';
  const subtype = task.resource_subtype;
  return subtype === 'milestone' || subtype === 'approval' ? subtype : 'task';
}

/** `dependencies` block this task (inward), `dependents` are blocked by it (outward). */
function linksOf(task: AsanaTask): SourceLink[] {
  return [
    ...(task.dependencies ?? []).map((d) => ({
      type: 'blocks',
      direction: 'inward' as const,
      targetKey: d.gid,
      sourceId: null,
    })),
    ...(task.dependents ?? []).map((d) => ({
      type: 'blocks',
      direction: 'outward' as const,
      targetKey: d.gid,
      sourceId: null,
    })),
  ];
}

/** The project a task is read from when the caller names none: its first project, else its workspace. */
export function homeProjectOf(task: AsanaTask): string {
  return task.memberships?.[0]?.project.gid ?? task.workspace?.gid ?? task.gid;
}

export function toSourceItem(
  task: AsanaTask,
  stories: readonly AsanaStory[],
  projectKey: string,
): SourceItem {
  const history = historyOf(task, stories, projectKey);
  const modifiedAt = new Date(task.modified_at);
  const updatedAt =
    history.lastStoryAt !== null && history.lastStoryAt > modifiedAt ? history.lastStoryAt : modifiedAt;
  return {
    sourceId: task.gid,
    key: task.gid,
    projectKey,
    title: task.name,
    description: task.notes === undefined || task.notes === null || task.notes === '' ? null : task.notes,
    type: typeOf(task),
    status: { name: sectionNameIn(task, projectKey), category: categoryOf(task.completed) },
    priority: priorityOf(task),
    assignee: personOf(task.assignee),
    reporter: personOf(task.created_by),
    labels: (task.tags ?? []).flatMap((t) => (t.name ? [t.name] : [])),
    team: null,
    parentKey: task.parent?.gid ?? null,
    createdAt: new Date(task.created_at),
    // Asana's modified_at ignores section moves and comments; the newest story covers them.
    updatedAt,
    closedAt: task.completed && task.completed_at ? new Date(task.completed_at) : null,
    customFields: {
      custom_fields: Object.fromEntries(
        (task.custom_fields ?? []).map((f) => [f.name, f.display_value ?? null]),
      ),
      resource_subtype: task.resource_subtype ?? null,
      due_on: task.due_on ?? null,
      due_at: task.due_at ?? null,
      start_on: task.start_on ?? null,
      permalink_url: task.permalink_url ?? null,
      num_subtasks: task.num_subtasks ?? 0,
      projects: (task.memberships ?? []).map((m) => m.project.gid),
      assignment_history: history.assignments,
    },
    transitions: history.transitions,
    comments: history.comments,
    links: linksOf(task),
    raw: task,
  };
}

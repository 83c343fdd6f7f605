import type { SourceComment, SourcePerson, SourceStatus, SourceTransition } from '../source-item.ts';
import type { AsanaStory, AsanaTask, AsanaUser } from './asana-payloads.ts';

/**
 * A task's stories as history: section moves in this project and completion changes become status transitions
 * (the section is the status name, completion its category), comments become comments, assignments are kept
 * as their own list. Stories are Asana's event log, so a story gid is a stable event id.
 */

/** Status name of a task that sits in no section of the project (a subtask, a task not in the project). */
export const NO_SECTION = '(no section)';

export interface AssignmentEvent {
  eventId: string;
  at: string;
  actorAccountId: string | null;
  action: 'assigned' | 'unassigned';
  /** Who was assigned, or who was unassigned. */
  assigneeAccountId: string | null;
}

export interface TaskHistory {
  transitions: SourceTransition[];
  comments: SourceComment[];
  assignments: AssignmentEvent[];
  /** The newest story, which `modified_at` does not reflect for section moves and comments. */
  lastStoryAt: Date | null;
}

export function personOf(user: AsanaUser | null | undefined): SourcePerson | null {
  if (!user) return null;
  return { accountId: user.gid, displayName: user.name ?? '', email: user.email ?? null };
}

export function categoryOf(completed: boolean): string {
  return completed ? 'completed' : 'incomplete';
}

/** The section the task sits in within `projectKey`. */
export function sectionNameIn(task: AsanaTask, projectKey: string): string {
  const membership = task.memberships?.find((m) => m.project.gid === projectKey);
  return membership?.section?.name ?? NO_SECTION;
}

const MOVED = /^moved this task from "(.*)" to "(.*?)"/;

/** From and to section of a section move in this project, or null when the move happened elsewhere. */
function sectionMove(
  story: AsanaStory,
  task: AsanaTask,
  projectKey: string,
): { from: string; to: string } | null {
  const project = story.new_section?.project?.gid ?? story.old_section?.project?.gid;
  // Without the section's project, only a task in a single project can be sure the move was here.
  if (project !== undefined ? project !== projectKey : (task.memberships?.length ?? 0) > 1) return null;
  const quoted = MOVED.exec(story.text ?? '');
  const from = story.old_section?.name ?? quoted?.[1];
  const to = story.new_section?.name ?? quoted?.[2];
  return from === undefined || to === undefined ? null : { from, to };
}

function chronological(stories: readonly AsanaStory[]): AsanaStory[] {
  return stories
    .map((story, order) => ({ story, order }))
    .sort((a, b) => Date.parse(a.story.created_at) - Date.parse(b.story.created_at) || a.order - b.order)
    .map((e) => e.story);
}

/** Where the task started: the first move's origin (else today's section), and completion before the first change. */
function initialStatus(task: AsanaTask, stories: readonly AsanaStory[], projectKey: string) {
  let section: string | undefined;
  let completed: boolean | undefined;
  for (const story of stories) {
    if (section === undefined && story.resource_subtype === 'section_changed') {
      section = sectionMove(story, task, projectKey)?.from;
    }
    if (completed === undefined && story.resource_subtype === 'marked_complete') completed = false;
    if (completed === undefined && story.resource_subtype === 'marked_incomplete') completed = true;
  }
  return { section: section ?? sectionNameIn(task, projectKey), completed: completed ?? task.completed };
}

export function historyOf(task: AsanaTask, stories: readonly AsanaStory[], projectKey: string): TaskHistory {
  const ordered = chronological(stories);
  const initial = initialStatus(task, ordered, projectKey);
  let current: SourceStatus = { name: initial.section, category: categoryOf(initial.completed) };
  const history: TaskHistory = { transitions: [], comments: [], assignments: [], lastStoryAt: null };
  const move = (story: AsanaStory, at: Date, to: SourceStatus) => {
    history.transitions.push({
      eventId: story.gid,
      at,
      actor: personOf(story.created_by),
      from: current,
      to,
    });
    current = to;
  };
  for (const story of ordered) {
    const at = new Date(story.created_at);
    history.lastStoryAt = at;
    switch (story.resource_subtype) {
      case 'section_changed': {
        const moved = sectionMove(story, task, projectKey);
        if (moved) move(story, at, { name: moved.to, category: current.category });
        break;
      }
      case 'marked_complete':
      case 'marked_incomplete':
        move(story, at, {
          name: current.name,
          category: categoryOf(story.resource_subtype === 'marked_complete'),
        });
        break;
      case 'comment_added':
        history.comments.push({
          sourceId: story.gid,
          author: personOf(story.created_by),
          body: story.text ?? '',
          createdAt: at,
          updatedAt: null,
        });
        break;
      case 'assigned':
      case 'unassigned':
        history.assignments.push({
          eventId: story.gid,
          at: story.created_at,
          actorAccountId: story.created_by?.gid ?? null,
          action: story.resource_subtype,
          assigneeAccountId: story.assignee?.gid ?? null,
        });
        break;
      default:
        break;
    }
  }
  return history;
}

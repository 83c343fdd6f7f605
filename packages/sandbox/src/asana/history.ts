import { createRng, type Rng } from '../core/rng.ts';
import { commentText } from './text.ts';
import { gid, SECTION, STORIES_PER_TASK } from './world.ts';

/**
 * The life of one task as Asana stories, replayed from its own seed: section moves through the board,
 * assignment, completion, reopenings and comments. Only a few numbers per task stay in memory.
 */

export type StoryKind =
  | 'section_changed'
  | 'assigned'
  | 'unassigned'
  | 'marked_complete'
  | 'marked_incomplete'
  | 'comment_added'
  | 'added_to_project'
  | 'name_changed'
  | 'notes_changed'
  | 'due_date_changed';

export interface AsStory {
  gid: string;
  kind: StoryKind;
  /** Epoch milliseconds. */
  at: number;
  actor: number;
  project?: number;
  fromSection?: number;
  toSection?: number;
  assignee?: number;
  /** Comment text, or the new name of a rename. */
  text?: string;
  dueOn?: string | null;
}

export interface TaskSeed {
  g: number;
  seed: number;
  createdAt: number;
  project: number;
  creator: number;
  members: readonly number[];
  nowMs: number;
}

export interface TaskHistory {
  initialSection: number;
  stories: AsStory[];
}

export interface TaskState {
  section: number;
  completed: boolean;
  completedAt: number;
  completedBy: number;
  assignee: number;
  modifiedAt: number;
  /** The last change of any kind (what `modified_since` compares with). */
  touchedAt: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

function lognormal(rng: Rng, median: number, sigma: number): number {
  const u1 = Math.max(rng.next(), 1e-12);
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.next());
  return Math.round(median * Math.exp(sigma * normal));
}

type Planned = Omit<AsStory, 'gid'>;

function plan(rng: Rng, s: TaskSeed, initial: number, out: Planned[]): number {
  const t0 = s.createdAt;
  const p = s.project;
  const owner = s.members[0] ?? s.creator;
  const worker = rng.pick(s.members);
  const move = (at: number, actor: number, from: number, to: number) => {
    out.push({ kind: 'section_changed', at, actor, project: p, fromSection: from, toSection: to });
  };
  const fate = rng.next();
  if (fate < 0.12) {
    // Backlog: groomed into "To do" perhaps, never started.
    const at = t0 + lognormal(rng, 4 * DAY, 1);
    if (initial === SECTION.backlog && rng.chance(0.3)) move(at, owner, SECTION.backlog, SECTION.todo);
    return at + 30 * DAY;
  }
  if (fate < 0.18) {
    // Dropped: completed where it sits, without the work happening.
    const at = t0 + lognormal(rng, 14 * DAY, 1);
    out.push({ kind: 'marked_complete', at, actor: owner });
    return at;
  }
  const stuck = fate < 0.25;
  const lead = Math.max(HOUR, lognormal(rng, 5 * DAY, 1.2));
  const tAssign = t0 + Math.min(Math.round(lead * 0.3), lognormal(rng, 12 * HOUR, 1.2));
  const assigned = stuck || rng.chance(0.88);
  let section = initial;
  if (section === SECTION.backlog) {
    move(tAssign - 60_000, owner, section, SECTION.todo);
    section = SECTION.todo;
  }
  if (assigned) out.push({ kind: 'assigned', at: tAssign, actor: owner, assignee: worker });
  const doer = assigned ? worker : owner;
  const tStart = tAssign + rng.int(60_000, 8 * HOUR);
  move(tStart, doer, section, SECTION.inProgress);
  section = SECTION.inProgress;
  let last = tStart;
  if (stuck) {
    // Stuck for weeks in progress, then finished late: the recent ones are stuck today.
    const tEnd = tStart + lognormal(rng, 40 * DAY, 0.7);
    move(tEnd, doer, section, SECTION.done);
    out.push({ kind: 'marked_complete', at: tEnd, actor: doer });
    return tEnd;
  }
  if (rng.chance(0.55)) {
    last = Math.max(tStart + HOUR, t0 + Math.round(lead * 0.75));
    move(last, doer, section, SECTION.review);
    section = SECTION.review;
  }
  const tDone = Math.max(last + 30 * 60_000, t0 + lead);
  move(tDone, doer, section, SECTION.done);
  out.push({ kind: 'marked_complete', at: tDone, actor: doer });
  if (!rng.chance(0.07)) return tDone;
  const tReopen = tDone + lognormal(rng, 3 * DAY, 1);
  const reopener = rng.pick(s.members);
  out.push({ kind: 'marked_incomplete', at: tReopen, actor: reopener });
  move(tReopen, reopener, SECTION.done, SECTION.inProgress);
  if (!rng.chance(0.75)) return tReopen;
  const tAgain = tReopen + lognormal(rng, 2 * DAY, 1);
  move(tAgain, doer, SECTION.inProgress, SECTION.done);
  out.push({ kind: 'marked_complete', at: tAgain, actor: doer });
  return tAgain;
}

export function simulate(s: TaskSeed): TaskHistory {
  const rng = createRng(s.seed);
  const initial = rng.chance(0.55) ? SECTION.backlog : SECTION.todo;
  const planned: Planned[] = [];
  const end = plan(rng, s, initial, planned);
  const count = Math.floor(lognormal(rng, 1.3, 0.9));
  const span = Math.max(60_000, end - s.createdAt);
  for (let k = 0; k < count; k++) {
    const at = s.createdAt + 60_000 + Math.floor(rng.next() * span * 1.1);
    const actor = rng.chance(0.4) ? s.creator : rng.pick(s.members);
    planned.push({ kind: 'comment_added', at, actor, text: commentText(rng) });
  }
  const stories = planned
    .map((p, order) => ({ p, order }))
    .sort((a, b) => a.p.at - b.p.at || a.order - b.order)
    .filter((e) => e.p.at <= s.nowMs)
    .slice(0, STORIES_PER_TASK)
    .map((e, k): AsStory => ({ gid: gid.story(s.g, k), ...e.p }));
  return { initialSection: initial, stories };
}

/**
 * Stories that change the task's own properties. Asana's `modified_at` "does not reflect changes in associations
 * such as projects or comments" (section moves are associations too), while its `modified_since` filter counts
 * every change, stories and associations included: the store keeps both times.
 */
export function modifies(kind: StoryKind): boolean {
  return kind !== 'comment_added' && kind !== 'added_to_project' && kind !== 'section_changed';
}

/** The state of a task in its home project after its stories. */
export function replay(createdAt: number, project: number, history: TaskHistory): TaskState {
  const state: TaskState = {
    section: history.initialSection,
    completed: false,
    completedAt: 0,
    completedBy: -1,
    assignee: -1,
    modifiedAt: createdAt,
    touchedAt: createdAt,
  };
  for (const story of history.stories) {
    switch (story.kind) {
      case 'section_changed':
        if (story.project === project && story.toSection !== undefined) state.section = story.toSection;
        break;
      case 'assigned':
        state.assignee = story.assignee ?? -1;
        break;
      case 'unassigned':
        state.assignee = -1;
        break;
      case 'marked_complete':
        state.completed = true;
        state.completedAt = story.at;
        state.completedBy = story.actor;
        break;
      case 'marked_incomplete':
        state.completed = false;
        state.completedAt = 0;
        state.completedBy = -1;
        break;
      case 'comment_added':
      case 'added_to_project':
      case 'name_changed':
      case 'notes_changed':
      case 'due_date_changed':
        break;
    }
    if (modifies(story.kind)) state.modifiedAt = Math.max(state.modifiedAt, story.at);
    state.touchedAt = Math.max(state.touchedAt, story.at);
  }
  return state;
}

/** Text Asana shows for a system story (comments carry their own text). */
export function storyText(
  story: AsStory,
  names: { user: (i: number) => string; project: (i: number) => string; section: (i: number) => string },
): string {
  switch (story.kind) {
    case 'section_changed':
      return `moved this task from "${names.section(story.fromSection ?? 0)}" to "${names.section(story.toSection ?? 0)}" in ${names.project(story.project ?? 0)}`;
    case 'assigned':
      return `assigned to ${names.user(story.assignee ?? 0)}`;
    case 'unassigned':
      return `unassigned from ${names.user(story.assignee ?? 0)}`;
    case 'marked_complete':
      return 'marked this task complete';
    case 'marked_incomplete':
      return 'marked incomplete';
    case 'comment_added':
      return story.text ?? '';
    case 'added_to_project':
      return `added to ${names.project(story.project ?? 0)}`;
    case 'name_changed':
      return `changed the name to "${story.text ?? ''}"`;
    case 'notes_changed':
      return 'changed the description';
    case 'due_date_changed':
      return story.dueOn ? `changed the due date to ${story.dueOn}` : 'removed the due date';
  }
}

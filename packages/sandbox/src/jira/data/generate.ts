import type { Rng } from '../../core/rng.ts';
import type { Person } from '../catalog/people.ts';
import { PROJECTS } from '../catalog/projects.ts';
import { BUG, EPIC, LABELS, STORY, SUBTASK, TASK } from '../catalog/schemes.ts';
import { SOFTWARE_WORKFLOW, TODO } from '../catalog/workflow.ts';
import { DAY } from '../time.ts';
import { generateComments } from './comments.ts';
import { IntList } from './int-list.ts';
import { IssueTable } from './issue-table.ts';
import { LinkTable } from './links.ts';
import { newSimResult, simulate } from './simulate.ts';
import { sprintAt } from './sprints.ts';

/** The generated site: people, the issue table, links and the per-project key order. */
export interface JiraWorld {
  readonly people: readonly Person[];
  /** Person index of the automation app. */
  readonly automation: number;
  readonly table: IssueTable;
  readonly links: LinkTable;
  /** Sub-task indexes per parent issue index. */
  readonly subtasks: Map<number, number[]>;
  /** Per project (by project index), issue indexes in key order: position n holds issue number n + 1. */
  readonly projectIssues: IntList[];
  /** The instant generated histories end. */
  readonly endMs: number;
}

const TYPE_WEIGHTS = [0.03, 0.3, 0.27, 0.25, 0.15];
const LINK_TYPE_WEIGHTS = [0.3, 0.1, 0.1, 0.5];

function weighted(rng: Rng, weights: readonly number[]): number {
  let roll = rng.next();
  for (let i = 0; i < weights.length; i++) {
    roll -= weights[i] ?? 0;
    if (roll < 0) return i;
  }
  return weights.length - 1;
}

/** Span of generated history: about a year for small sites, two years for large ones. */
function spanMs(size: number): number {
  return Math.min(730, Math.max(180, Math.round(size / 100))) * DAY;
}

export function emptyWorld(people: readonly Person[], capacity: number, endMs: number): JiraWorld {
  return {
    people,
    automation: people.findIndex((p) => p.accountType === 'app'),
    table: new IssueTable(capacity),
    links: new LinkTable(),
    subtasks: new Map(),
    projectIssues: PROJECTS.map(() => new IntList(Math.ceil(capacity / 4))),
    endMs,
  };
}

/**
 * Fills `world` with `size` issues in creation order (so index order is creation order, and per project key
 * order). Each issue's life is simulated once to learn its current state; the changelog itself is dropped and
 * re-derived from the issue's seed when a client asks for it.
 */
export function generateIssues(world: JiraWorld, size: number, rng: Rng): void {
  const { table, endMs } = world;
  const span = spanMs(size);
  const startMs = endMs - span;
  const weights = PROJECTS.map((p) => p.weight);
  const recentEpics = PROJECTS.map((): number[] => []);
  const recentParents = PROJECTS.map((): number[] => []);
  const sim = newSimResult();
  for (let i = 0; i < size; i++) {
    const p = weighted(rng, weights);
    const project = PROJECTS[p] ?? PROJECTS[0];
    if (project === undefined) break;
    let type = weighted(rng, TYPE_WEIGHTS);
    const parents = recentParents[p] ?? [];
    const epics = recentEpics[p] ?? [];
    if (type === SUBTASK && parents.length === 0) type = TASK;
    const createdMs = startMs + Math.floor((span * (i + rng.next())) / size);
    const seed = rng.int(0, 0xffff_ffff);
    let parent = -1;
    if (type === SUBTASK) parent = rng.pick(parents);
    else if (type !== EPIC && epics.length > 0 && rng.chance(0.6)) parent = rng.pick(epics);
    let labels = 0;
    const labelCount = weighted(rng, [0.35, 0.35, 0.2, 0.1]);
    for (let l = 0; l < labelCount; l++) labels |= 1 << rng.int(0, LABELS.length - 1);
    const component = rng.chance(0.7) ? rng.int(0, project.components.length - 1) : -1;
    const linkRoll = rng.next();
    const linkType = weighted(rng, LINK_TYPE_WEIGHTS);
    const linkBack = rng.int(1, 500);

    simulate({ seed, createdMs, endMs, type, workflow: project.workflow, team: project.team, automation: world.automation }, sim);
    const comments = generateComments(seed, createdMs, endMs, project.team);
    const lastComment = comments.length > 0 ? (comments[comments.length - 1]?.createdMs ?? createdMs) : createdMs;

    const row = table.add();
    const keys = world.projectIssues[p];
    if (keys === undefined) break;
    keys.push(row);
    table.project[row] = p;
    table.num[row] = keys.length;
    table.type[row] = type;
    table.priority[row] = sim.priority;
    table.status[row] = sim.status;
    table.assignee[row] = sim.assignee;
    table.reporter[row] = sim.reporter;
    table.created[row] = createdMs;
    table.updated[row] = Math.max(sim.lastMs, lastComment);
    table.statusChanged[row] = sim.statusChangedMs;
    table.resolved[row] = sim.resolvedMs;
    table.parent[row] = parent;
    table.seed[row] = seed;
    table.labels[row] = labels;
    table.component[row] = component;
    table.points[row] = sim.points;
    table.genHistories[row] = sim.historyCount;
    table.genComments[row] = comments.length;
    if (project.workflow === SOFTWARE_WORKFLOW && type !== EPIC) {
      if (sim.status !== TODO) table.sprint[row] = sprintAt(sim.statusChangedMs);
      else if (rng.chance(0.3)) table.sprint[row] = sprintAt(endMs) + (rng.chance(0.5) ? 1 : 0);
    }

    if (parent >= 0 && type === SUBTASK) {
      const children = world.subtasks.get(parent);
      if (children === undefined) world.subtasks.set(parent, [row]);
      else children.push(row);
    }
    if (linkRoll < 0.08 && keys.length > linkBack) {
      const target = keys.at(keys.length - 1 - linkBack);
      if (target >= 0) world.links.add(row, target, linkType);
    }
    if (type === EPIC) pushBounded(epics, row, 8);
    else if (type === STORY || type === TASK || type === BUG) pushBounded(parents, row, 50);
  }
}

function pushBounded(list: number[], value: number, max: number): void {
  list.push(value);
  if (list.length > max) list.shift();
}

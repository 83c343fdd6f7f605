import type { Graph } from '../views/graph.ts';
import { parseDateTimeOrDuration } from '../world/dates.ts';
import type { IssueChanges } from '../world/writes.ts';
import { LinearApiError } from './errors.ts';
import { findEntity, findIssue } from './query.ts';

/** Reads mutation inputs into store changes, refusing what Linear refuses and what the sandbox does not model. */

export function invalidInput(message: string): LinearApiError {
  return new LinearApiError('INPUT_ERROR', message);
}

/** Refuses input fields the sandbox would otherwise drop on the floor; `ignored` ones are accepted and have no effect. */
export function ensureSupported(
  input: Record<string, unknown>,
  typeName: string,
  supported: readonly string[],
  ignored: readonly string[] = [],
): void {
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || supported.includes(key) || ignored.includes(key)) continue;
    throw invalidInput(`${typeName}.${key} is not supported by the Linear sandbox`);
  }
}

const has = (input: Record<string, unknown>, key: string): boolean => input[key] !== undefined;

function userIdx(g: Graph, id: unknown): number {
  return id === null ? -1 : findEntity(g.world.users, id, 'User').idx;
}

function labelMask(g: Graph, team: number, ids: unknown): number {
  if (!Array.isArray(ids)) throw invalidInput('labelIds must be a list');
  let mask = 0;
  for (const id of ids) {
    const label = findEntity(g.world.labels, id, 'IssueLabel');
    if (label.team !== -1 && label.team !== team)
      throw invalidInput(`Label ${label.name} belongs to another team`);
    mask |= 1 << label.idx;
  }
  return mask >>> 0;
}

function priorityOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 4) {
    throw invalidInput('priority must be an integer from 0 (no priority) to 4 (low)');
  }
  return value;
}

/** Time of an input date (createdAt of importers), not later than now. */
export function dateOf(value: unknown, nowMs: number, field: string): number {
  const ms = parseDateTimeOrDuration(value, nowMs);
  if (Number.isNaN(ms) || ms > nowMs) throw invalidInput(`${field} must be a date in the past`);
  return Math.floor(ms);
}

/** Field changes named by an `IssueCreateInput` or `IssueUpdateInput` for an issue of `team`. */
export function issueChanges(
  g: Graph,
  team: number,
  input: Record<string, unknown>,
  current: number,
): IssueChanges {
  const changes: IssueChanges = {};
  if (has(input, 'title')) {
    if (typeof input['title'] !== 'string' || input['title'].trim() === '')
      throw invalidInput('title must not be empty');
    changes.title = input['title'];
  }
  if (has(input, 'description')) changes.description = (input['description'] as string | null) ?? null;
  if (has(input, 'stateId')) {
    const state = findEntity(g.world.states, input['stateId'], 'WorkflowState');
    if (state.team !== team) throw invalidInput(`Workflow state ${state.name} belongs to another team`);
    changes.state = state.idx;
  }
  if (has(input, 'assigneeId')) changes.assignee = userIdx(g, input['assigneeId']);
  if (has(input, 'priority'))
    changes.priority = input['priority'] === null ? 0 : priorityOf(input['priority']);
  if (has(input, 'estimate')) {
    const estimate = input['estimate'];
    if (estimate !== null && (typeof estimate !== 'number' || estimate < 0 || estimate > 1000)) {
      throw invalidInput('estimate must be a non-negative integer');
    }
    changes.estimate = estimate === null ? -1 : estimate;
  }
  if (has(input, 'projectId')) {
    changes.project =
      input['projectId'] === null ? -1 : findEntity(g.world.projects, input['projectId'], 'Project').idx;
  }
  if (has(input, 'parentId')) {
    const parent = input['parentId'] === null ? -1 : findIssue(g, input['parentId']);
    if (parent >= 0 && parent === current) throw invalidInput('An issue cannot be its own parent');
    changes.parent = parent;
  }
  const t = g.store.table;
  let labels = current >= 0 ? t.labels[current]! : 0;
  if (has(input, 'labelIds')) labels = labelMask(g, team, input['labelIds']);
  if (has(input, 'addedLabelIds')) labels |= labelMask(g, team, input['addedLabelIds']);
  if (has(input, 'removedLabelIds')) labels &= ~labelMask(g, team, input['removedLabelIds']);
  if (has(input, 'labelIds') || has(input, 'addedLabelIds') || has(input, 'removedLabelIds'))
    changes.labels = labels >>> 0;
  return changes;
}

/** A client-chosen id for a new entity: a UUID nobody uses yet. */
export function newId(value: unknown, taken: (id: string) => boolean): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  ) {
    throw invalidInput('id must be a UUID');
  }
  if (taken(value)) throw invalidInput(`An entity with id ${value} already exists`);
  return value;
}

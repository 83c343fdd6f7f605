import { AdfDocSchema, adfText, type AdfDoc } from '../adf.ts';
import { STORY_POINTS_FIELD } from '../catalog/fields.ts';
import { PROJECTS } from '../catalog/projects.ts';
import { PRIORITIES, SUBTASK } from '../catalog/schemes.ts';
import type { ChangeItem } from '../data/overlay.ts';
import type { JiraStore } from '../data/store.ts';
import { descriptionOf, summaryOf } from '../data/derive.ts';
import { item, type WriteContext } from './record.ts';

/** Field values a create or edit sets, resolved to what the issue table stores. */
export interface FieldEdits {
  summary?: string;
  description?: AdfDoc | null;
  environment?: AdfDoc | null;
  labels?: string[];
  priority?: number;
  assignee?: number;
  reporter?: number;
  points?: number;
  component?: number;
  duedate?: string | null;
  parent?: number;
}

export interface ParsedEdits {
  edits: FieldEdits;
  errors: Record<string, string>;
  /** `update.comment[].add.body`: a comment added with the edit. */
  comments: AdfDoc[];
}

const NOT_SETTABLE = (field: string): string =>
  `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
const NOT_ADF = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function person(store: JiraStore, value: unknown, project: number): number | null | 'invalid' {
  if (value === null) return null;
  if (!isObj(value)) return 'invalid';
  const id = 'accountId' in value ? value.accountId : value.id;
  if (id === null) return null;
  if (id === '-1') return PROJECTS[project]?.team[0] ?? 0;
  const p = store.people.find((x) => x.accountId === id);
  return p === undefined || !p.active ? 'invalid' : p.index;
}

function adf(value: unknown): AdfDoc | null | 'invalid' {
  if (value === null) return null;
  const parsed = AdfDocSchema.safeParse(value);
  return parsed.success ? parsed.data : 'invalid';
}

/**
 * Validates `fields` and `update` of a create or edit against project `project`. Fields the fake does not model
 * are refused as Jira refuses fields missing from the screen. `skip` lists fields the caller handles itself.
 */
export function parseFieldEdits(
  store: JiraStore,
  project: number,
  fields: Obj,
  update: Obj,
  currentLabels: () => string[],
  skip: readonly string[] = [],
): ParsedEdits {
  const edits: FieldEdits = {};
  const errors: Record<string, string> = {};
  const comments: AdfDoc[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (skip.includes(field)) continue;
    switch (field) {
      case 'summary':
        if (typeof value !== 'string' || value.trim() === '')
          errors.summary = 'You must specify a summary of the issue.';
        else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else edits.summary = value;
        break;
      case 'description':
      case 'environment': {
        const doc = adf(value);
        if (doc === 'invalid') errors[field] = NOT_ADF;
        else edits[field] = doc;
        break;
      }
      case 'labels':
        if (!Array.isArray(value) || !value.every((l) => typeof l === 'string'))
          errors.labels = 'Labels must be an array of strings.';
        else {
          const bad = value.find((l) => /\s/.test(l) || l === '');
          if (bad !== undefined) errors.labels = `The label '${bad}' contains spaces which is invalid.`;
          else edits.labels = [...new Set(value)];
        }
        break;
      case 'priority': {
        const p = isObj(value)
          ? PRIORITIES.find((x) => x.id === value.id || x.name === value.name)
          : undefined;
        if (p === undefined) errors.priority = 'The priority selected is invalid.';
        else edits.priority = p.index;
        break;
      }
      case 'assignee':
      case 'reporter': {
        const p = person(store, value, project);
        if (p === 'invalid') errors[field] = `Specify a valid value for ${field}`;
        else if (field === 'assignee') edits.assignee = p ?? -1;
        else if (p === null) errors.reporter = 'Reporter is required.';
        else edits.reporter = p;
        break;
      }
      case STORY_POINTS_FIELD:
        if (value === null) edits.points = 0;
        else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 255) {
          errors[field] = 'Story point estimate must be a number between 0 and 255.';
        } else edits.points = Math.round(value);
        break;
      case 'components': {
        const comps = PROJECTS[project]?.components ?? [];
        const wanted = Array.isArray(value) ? value : null;
        const first: unknown = wanted?.[0];
        const index = isObj(first) ? comps.findIndex((c) => c.id === first.id || c.name === first.name) : -1;
        if (wanted === null || (wanted.length > 0 && index < 0))
          errors.components = 'Component name or id is not valid.';
        else edits.component = wanted.length === 0 ? -1 : index;
        break;
      }
      case 'duedate':
        if (value !== null && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))) {
          errors.duedate = `Error parsing date string: ${JSON.stringify(value)}`;
        } else edits.duedate = value;
        break;
      case 'parent': {
        const ref = isObj(value) ? (value.key ?? value.id) : undefined;
        const p = typeof ref === 'string' ? store.find(ref) : -1;
        if (p < 0 || store.table.project[p] !== project) errors.parent = 'Could not find issue by id or key.';
        else edits.parent = p;
        break;
      }
      default:
        errors[field] = NOT_SETTABLE(field);
    }
  }
  for (const [field, ops] of Object.entries(update)) {
    if (!Array.isArray(ops)) {
      errors[field] = `Operations on field '${field}' must be a list.`;
      continue;
    }
    for (const op of ops as unknown[]) {
      if (!isObj(op)) continue;
      if (field === 'labels') {
        const labels = edits.labels ?? [...currentLabels()];
        if (typeof op.add === 'string') labels.push(op.add);
        if (typeof op.remove === 'string')
          labels.splice(0, labels.length, ...labels.filter((l) => l !== op.remove));
        if (Array.isArray(op.set)) labels.splice(0, labels.length, ...op.set.map(String));
        if (labels.some((l) => /\s/.test(l))) errors.labels = 'Labels cannot contain spaces.';
        edits.labels = [...new Set(labels)];
      } else if (field === 'summary' && typeof op.set === 'string' && op.set.trim() !== '') {
        edits.summary = op.set;
      } else if (field === 'comment' && isObj(op.add)) {
        const body = adf(op.add.body);
        if (body === 'invalid' || body === null) errors.comment = NOT_ADF;
        else comments.push(body);
      } else {
        errors[field] = NOT_SETTABLE(field);
      }
    }
  }
  return { edits, errors, comments };
}

function personRef(store: JiraStore, p: number): [string | null, string | null] {
  const x = p >= 0 ? store.people[p] : undefined;
  return x === undefined ? [null, null] : [x.accountId, x.displayName];
}

/** Applies validated edits to issue `i` and returns the changelog items of what actually changed. */
export function applyFieldEdits(ctx: WriteContext, i: number, edits: FieldEdits): ChangeItem[] {
  const { store } = ctx;
  const t = store.table;
  const items: ChangeItem[] = [];
  if (edits.summary !== undefined) {
    const old = summaryOf(store, i);
    if (old !== edits.summary) items.push(item('summary', null, old, null, edits.summary));
    store.overlay(i).summary = edits.summary;
  }
  if (edits.description !== undefined) {
    const old = adfText(descriptionOf(store, i));
    const next = adfText(edits.description);
    if (old !== next) items.push(item('description', null, old || null, null, next || null));
    store.overlay(i).description = edits.description;
  }
  if (edits.environment !== undefined) {
    items.push(item('environment', null, null, null, adfText(edits.environment) || null));
    store.overlay(i).environment = edits.environment;
  }
  if (edits.labels !== undefined) {
    const old = store.labelsOf(i).join(' ');
    store.overlay(i).labels = edits.labels;
    const next = edits.labels.join(' ');
    if (old !== next) items.push(item('labels', null, old || null, null, next || null));
  }
  if (edits.priority !== undefined && edits.priority !== t.priority[i]) {
    const a = PRIORITIES[t.priority[i] ?? 0];
    const b = PRIORITIES[edits.priority];
    items.push(item('priority', a?.id ?? null, a?.name ?? null, b?.id ?? null, b?.name ?? null));
    t.priority[i] = edits.priority;
  }
  if (edits.assignee !== undefined && edits.assignee !== t.assignee[i]) {
    items.push(
      item('assignee', ...personRef(store, t.assignee[i] ?? -1), ...personRef(store, edits.assignee)),
    );
    t.assignee[i] = edits.assignee;
  }
  if (edits.reporter !== undefined && edits.reporter !== t.reporter[i]) {
    items.push(
      item('reporter', ...personRef(store, t.reporter[i] ?? -1), ...personRef(store, edits.reporter)),
    );
    t.reporter[i] = edits.reporter;
  }
  if (edits.points !== undefined && edits.points !== t.points[i]) {
    const old = t.points[i] ?? 0;
    items.push(
      item(
        'Story point estimate',
        null,
        old > 0 ? String(old) : null,
        null,
        edits.points > 0 ? String(edits.points) : null,
        STORY_POINTS_FIELD,
      ),
    );
    t.points[i] = edits.points;
  }
  if (edits.component !== undefined && edits.component !== t.component[i]) {
    const comps = PROJECTS[t.project[i] ?? 0]?.components ?? [];
    const a = comps[t.component[i] ?? -1];
    const b = comps[edits.component];
    items.push(
      item('Component', a?.id ?? null, a?.name ?? null, b?.id ?? null, b?.name ?? null, 'components'),
    );
    t.component[i] = edits.component;
  }
  if (edits.duedate !== undefined) {
    const old = store.overlays.get(i)?.duedate ?? null;
    if (old !== edits.duedate) items.push(item('duedate', old, old, edits.duedate, edits.duedate));
    store.overlay(i).duedate = edits.duedate;
  }
  if (edits.parent !== undefined && edits.parent !== t.parent[i]) {
    const old = t.parent[i] ?? -1;
    items.push(
      item(
        'Parent',
        old >= 0 ? store.issueId(old) : null,
        old >= 0 ? store.issueKey(old) : null,
        store.issueId(edits.parent),
        store.issueKey(edits.parent),
        'parent',
      ),
    );
    t.parent[i] = edits.parent;
    if (t.type[i] === SUBTASK) {
      const before = store.world.subtasks.get(old) ?? [];
      const at = before.indexOf(i);
      if (at >= 0) before.splice(at, 1);
      const after = store.world.subtasks.get(edits.parent);
      if (after === undefined) store.world.subtasks.set(edits.parent, [i]);
      else after.push(i);
    }
  }
  return items;
}

import { PROJECTS } from '../catalog/projects.ts';
import { ISSUE_TYPES, PRIORITIES, RESOLUTION_DONE, SUBTASK } from '../catalog/schemes.ts';
import { STATUSES, STATUS_CATEGORIES } from '../catalog/workflow.ts';
import type { JiraStore } from '../data/store.ts';
import { JqlError, type Operand } from './ast.ts';

/** Marker for EMPTY in resolved value sets. */
export const EMPTY_VALUE = -1;

export interface ValueContext {
  store: JiraStore;
  /** Person index of the caller, for `currentUser()`. */
  currentUser: number;
}

/** Turns one literal of field `field` into the numbers the issue table stores, or throws Jira's error. */
export type Resolver = (text: string, field: string, ctx: ValueContext) => number[];

export function noSuchValue(text: string, field: string): JqlError {
  return new JqlError(`The value '${text}' does not exist for the field '${field}'.`);
}

const eq = (a: string, b: string): boolean => a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0;

export const resolveProject: Resolver = (text, field) => {
  const p = PROJECTS.find((x) => eq(x.key, text) || x.id === text || eq(x.name, text));
  if (p === undefined) throw noSuchValue(text, field);
  return [p.index];
};

export const resolveStatus: Resolver = (text, field) => {
  const s = STATUSES.find((x) => eq(x.name, text) || x.id === text);
  if (s === undefined) throw noSuchValue(text, field);
  return [s.index];
};

/** A status category resolves to the statuses in it. */
export const resolveStatusCategory: Resolver = (text, field) => {
  const c = STATUS_CATEGORIES.find((x) => eq(x.key, text) || eq(x.name, text) || String(x.id) === text);
  if (c === undefined) throw noSuchValue(text, field);
  return STATUSES.filter((s) => s.category === c.key).map((s) => s.index);
};

export const resolvePerson: Resolver = (text, field, ctx) => {
  const person = ctx.store.people.find(
    (p) => p.accountId === text || (p.email !== null && eq(p.email, text)) || eq(p.displayName, text),
  );
  if (person === undefined) throw noSuchValue(text, field);
  return [person.index];
};

export const resolveIssueType: Resolver = (text, field) => {
  const t = ISSUE_TYPES.find((x) => eq(x.name, text) || x.id === text);
  if (t === undefined) throw noSuchValue(text, field);
  return [t.index];
};

export const resolvePriority: Resolver = (text, field) => {
  const p = PRIORITIES.find((x) => eq(x.name, text) || x.id === text);
  if (p === undefined) throw noSuchValue(text, field);
  return [p.index];
};

/** 1 for Done; "Unresolved" is EMPTY. */
export const resolveResolution: Resolver = (text, field) => {
  if (eq(text, 'Unresolved')) return [EMPTY_VALUE];
  if (eq(text, RESOLUTION_DONE.name) || text === RESOLUTION_DONE.id) return [1];
  throw noSuchValue(text, field);
};

/** Components are per project: a name resolves to `project * 64 + component` for every project that has it. */
export const resolveComponent: Resolver = (text, field) => {
  const out: number[] = [];
  for (const p of PROJECTS) {
    p.components.forEach((c, i) => {
      if (eq(c.name, text) || c.id === text) out.push(p.index * 64 + i);
    });
  }
  if (out.length === 0) throw noSuchValue(text, field);
  return out;
};

export const resolveIssue: Resolver = (text, field, ctx) => {
  const index = ctx.store.find(text);
  if (index < 0) throw new JqlError(`An issue with key '${text}' does not exist for field '${field}'.`);
  return [index];
};

/** Functions that stand for values of non-date fields. */
function valueFunction(name: string, field: string, ctx: ValueContext): number[] {
  switch (name.toLowerCase()) {
    case 'currentuser':
      return [ctx.currentUser];
    case 'standardissuetypes':
      return ISSUE_TYPES.filter((t) => t.index !== SUBTASK).map((t) => t.index);
    case 'subtaskissuetypes':
      return [SUBTASK];
    default:
      throw new JqlError(`Unable to find JQL function '${name}()'. (field '${field}')`);
  }
}

/** Resolves an operand (value, list, function or EMPTY) to a set of stored numbers. */
export function resolveOperand(
  operand: Operand,
  field: string,
  resolver: Resolver,
  ctx: ValueContext,
): Set<number> {
  const out = new Set<number>();
  const add = (o: Operand): void => {
    switch (o.kind) {
      case 'empty':
        out.add(EMPTY_VALUE);
        return;
      case 'value':
        for (const v of resolver(o.text, field, ctx)) out.add(v);
        return;
      case 'function':
        for (const v of valueFunction(o.name, field, ctx)) out.add(v);
        return;
      case 'list':
        o.items.forEach(add);
        return;
    }
  };
  add(operand);
  return out;
}

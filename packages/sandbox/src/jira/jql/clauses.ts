import { adfText } from '../adf.ts';
import { commentsOf, descriptionOf, summaryOf } from '../data/derive.ts';
import { sprintAt } from '../data/sprints.ts';
import type { JiraStore } from '../data/store.ts';
import { JqlError, type Clause, type Operand } from './ast.ts';
import { dateFunction, parseDateValue } from './dates.ts';
import { compileTextMatch } from './text-match.ts';
import type { ValueContext } from './values.ts';

/** Clauses on dates, labels, text and story points (identity fields live in compile.ts). */

export type Predicate = (index: number) => boolean;

export interface QueryContext extends ValueContext {
  nowMs: number;
}

export const DATE_FIELDS: Record<string, (store: JiraStore) => Float64Array> = {
  created: (s) => s.table.created,
  createddate: (s) => s.table.created,
  updated: (s) => s.table.updated,
  updateddate: (s) => s.table.updated,
  resolved: (s) => s.table.resolved,
  resolutiondate: (s) => s.table.resolved,
  statuscategorychangeddate: (s) => s.table.statusChanged,
};

export const TEXT_FIELDS: Record<string, (store: JiraStore, index: number) => string> = {
  summary: (s, i) => summaryOf(s, i),
  description: (s, i) => adfText(descriptionOf(s, i)),
  comment: (s, i) =>
    commentsOf(s, i)
      .map((c) => adfText(c.body))
      .join(' '),
  text: (s, i) =>
    `${summaryOf(s, i)} ${adfText(descriptionOf(s, i))} ${commentsOf(s, i)
      .map((c) => adfText(c.body))
      .join(' ')}`,
};

export function unsupported(operator: string, field: string): JqlError {
  return new JqlError(`The operator '${operator.toUpperCase()}' is not supported by the '${field}' field.`);
}

export function requireEmpty(clause: Clause): void {
  if (clause.operand.kind !== 'empty') {
    throw new JqlError(
      `The operator '${clause.operator.toUpperCase()}' is not supported by the '${clause.field}' field; use it with EMPTY.`,
    );
  }
}

export function instants(operand: Operand, field: string, nowMs: number): number[] {
  switch (operand.kind) {
    case 'value':
      return [parseDateValue(operand.text, field, nowMs)];
    case 'function': {
      const ms = dateFunction(operand.name, operand.args, nowMs);
      if (ms === null) throw new JqlError(`Unable to find JQL function '${operand.name}()'.`);
      return [ms];
    }
    case 'list':
      return operand.items.flatMap((o) => instants(o, field, nowMs));
    case 'empty':
      return [Number.NaN];
  }
}

export function dateClause(
  clause: Clause,
  column: (s: JiraStore) => Float64Array,
  ctx: QueryContext,
): Predicate {
  const { store } = ctx;
  const op = clause.operator;
  if (op === '~' || op === '!~') throw unsupported(op, clause.field);
  if (op === 'is' || op === 'is not') {
    requireEmpty(clause);
    return op === 'is' ? (i) => Number.isNaN(column(store)[i]) : (i) => !Number.isNaN(column(store)[i]);
  }
  const values = instants(clause.operand, clause.field, ctx.nowMs);
  const at = values[0] ?? Number.NaN;
  const col = (i: number): number => column(store)[i] ?? Number.NaN;
  switch (op) {
    case '>':
      return (i) => col(i) > at;
    case '>=':
      return (i) => col(i) >= at;
    case '<':
      return (i) => col(i) < at;
    case '<=':
      return (i) => col(i) <= at;
    case '=':
      return (i) => col(i) === at;
    case '!=':
      return (i) => !Number.isNaN(col(i)) && col(i) !== at;
    case 'in':
      return (i) => values.includes(col(i));
    default:
      return (i) => !Number.isNaN(col(i)) && !values.includes(col(i));
  }
}

export function labelClause(clause: Clause, ctx: QueryContext): Predicate {
  const { store } = ctx;
  const op = clause.operator;
  const labels: string[] = [];
  let empty = false;
  const collect = (o: Operand): void => {
    if (o.kind === 'value') labels.push(o.text);
    else if (o.kind === 'empty') empty = true;
    else if (o.kind === 'list') o.items.forEach(collect);
    else throw new JqlError(`Unable to find JQL function '${o.name}()'.`);
  };
  collect(clause.operand);
  const hasAny = (i: number): boolean =>
    (empty && !store.hasLabels(i)) || labels.some((l) => store.hasLabel(i, l));
  switch (op) {
    case '=':
    case 'in':
    case 'is':
      return hasAny;
    case '!=':
    case 'not in':
    case 'is not':
      return (i) => !hasAny(i) && (empty || store.hasLabels(i));
    default:
      throw unsupported(op, clause.field);
  }
}

export function textClause(
  clause: Clause,
  text: (s: JiraStore, i: number) => string,
  ctx: QueryContext,
): Predicate {
  const { store } = ctx;
  const op = clause.operator;
  if (op === 'is' || op === 'is not') {
    requireEmpty(clause);
    return op === 'is' ? (i) => text(store, i).trim() === '' : (i) => text(store, i).trim() !== '';
  }
  if (op !== '~' && op !== '!~') throw unsupported(op, clause.field);
  if (clause.operand.kind !== 'value') throw unsupported(op, clause.field);
  const match = compileTextMatch(clause.operand.quoted ? clause.operand.text : clause.operand.text);
  return op === '~' ? (i) => match(text(store, i)) : (i) => !match(text(store, i));
}

export function pointsClause(clause: Clause, ctx: QueryContext): Predicate {
  const points = ctx.store.table;
  const op = clause.operator;
  if (op === 'is' || op === 'is not') {
    requireEmpty(clause);
    return op === 'is' ? (i) => points.points[i] === 0 : (i) => (points.points[i] ?? 0) > 0;
  }
  if (clause.operand.kind !== 'value' || Number.isNaN(Number(clause.operand.text))) {
    throw new JqlError(
      `The value '${clause.operand.kind === 'value' ? clause.operand.text : ''}' does not exist for the field '${clause.field}'.`,
    );
  }
  const n = Number(clause.operand.text);
  const v = (i: number): number => ctx.store.table.points[i] ?? 0;
  switch (op) {
    case '=':
      return (i) => v(i) === n;
    case '!=':
      return (i) => v(i) > 0 && v(i) !== n;
    case '>':
      return (i) => v(i) > n;
    case '>=':
      return (i) => v(i) >= n;
    case '<':
      return (i) => v(i) > 0 && v(i) < n;
    case '<=':
      return (i) => v(i) > 0 && v(i) <= n;
    default:
      throw unsupported(op, clause.field);
  }
}

/** Sprint ids as the Sprint field renders them: (project index + 1) * 1000 + sprint number. */
function sprintId(store: JiraStore, i: number): number {
  const n = store.table.sprint[i] ?? -1;
  return n < 0 ? -1 : ((store.table.project[i] ?? 0) + 1) * 1000 + n;
}

/** `sprint = 5123`, `sprint in openSprints()`, `closedSprints()`, `futureSprints()`, `sprint is EMPTY`. */
export function sprintClause(clause: Clause, ctx: QueryContext): Predicate {
  const { store } = ctx;
  const current = sprintAt(ctx.nowMs);
  const tests: ((i: number) => boolean)[] = [];
  const collect = (o: Operand): void => {
    switch (o.kind) {
      case 'empty':
        tests.push((i) => (store.table.sprint[i] ?? -1) < 0);
        return;
      case 'value': {
        const id = Number(o.text);
        if (!Number.isInteger(id))
          throw new JqlError(`The value '${o.text}' does not exist for the field '${clause.field}'.`);
        tests.push((i) => sprintId(store, i) === id);
        return;
      }
      case 'list':
        o.items.forEach(collect);
        return;
      case 'function': {
        const name = o.name.toLowerCase();
        const n = (i: number): number => store.table.sprint[i] ?? -1;
        if (name === 'opensprints') tests.push((i) => n(i) === current);
        else if (name === 'closedsprints') tests.push((i) => n(i) >= 0 && n(i) < current);
        else if (name === 'futuresprints') tests.push((i) => n(i) > current);
        else throw new JqlError(`Unable to find JQL function '${o.name}()'.`);
      }
    }
  };
  collect(clause.operand);
  const any = (i: number): boolean => tests.some((t) => t(i));
  switch (clause.operator) {
    case '=':
    case 'in':
    case 'is':
      return any;
    case '!=':
    case 'not in':
    case 'is not':
      return (i) => !any(i) && (clause.operand.kind === 'empty' || (store.table.sprint[i] ?? -1) >= 0);
    default:
      throw unsupported(clause.operator, clause.field);
  }
}

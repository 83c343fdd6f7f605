import type { JiraStore } from '../data/store.ts';
import { JqlError, type Clause, type JqlNode, type JqlQuery } from './ast.ts';
import {
  DATE_FIELDS,
  TEXT_FIELDS,
  dateClause,
  instants,
  labelClause,
  pointsClause,
  requireEmpty,
  sprintClause,
  textClause,
  unsupported,
  type Predicate,
  type QueryContext,
} from './clauses.ts';
import { orderOf, type SortSpec } from './order.ts';
import { parseJql } from './parser.ts';
import {
  EMPTY_VALUE,
  resolveComponent,
  resolveIssue,
  resolveIssueType,
  resolveOperand,
  resolvePerson,
  resolvePriority,
  resolveProject,
  resolveResolution,
  resolveStatus,
  resolveStatusCategory,
  type Resolver,
} from './values.ts';

export type { Predicate, QueryContext } from './clauses.ts';

/** Inclusive bounds on a time column. */
export interface TimeRange {
  lo: number;
  hi: number;
}

export interface CompiledQuery {
  /** Whether a live issue matches the query (deleted issues never do). */
  matches: Predicate;
  /** Projects the whole query is restricted to (a top-level AND clause), or null. */
  projects: number[] | null;
  updated: TimeRange;
  created: TimeRange;
  order: SortSpec[];
  /** False for queries without a search restriction, which `/search/jql` refuses. */
  bounded: boolean;
}

type ColumnOf = (store: JiraStore, index: number) => number;

/** Fields compared by identity: the stored number of the issue and how literals resolve. */
const IDENTITY_FIELDS: Record<string, { column: ColumnOf; resolver: Resolver }> = {
  project: { column: (s, i) => s.table.project[i] ?? 0, resolver: resolveProject },
  status: { column: (s, i) => s.table.status[i] ?? 0, resolver: resolveStatus },
  statuscategory: { column: (s, i) => s.table.status[i] ?? 0, resolver: resolveStatusCategory },
  assignee: { column: (s, i) => s.table.assignee[i] ?? EMPTY_VALUE, resolver: resolvePerson },
  reporter: { column: (s, i) => s.table.reporter[i] ?? EMPTY_VALUE, resolver: resolvePerson },
  creator: { column: (s, i) => s.table.reporter[i] ?? EMPTY_VALUE, resolver: resolvePerson },
  issuetype: { column: (s, i) => s.table.type[i] ?? 0, resolver: resolveIssueType },
  type: { column: (s, i) => s.table.type[i] ?? 0, resolver: resolveIssueType },
  priority: { column: (s, i) => s.table.priority[i] ?? 0, resolver: resolvePriority },
  resolution: {
    column: (s, i) => (Number.isNaN(s.table.resolved[i]) ? EMPTY_VALUE : 1),
    resolver: resolveResolution,
  },
  component: {
    column: (s, i) =>
      (s.table.component[i] ?? -1) < 0
        ? EMPTY_VALUE
        : (s.table.project[i] ?? 0) * 64 + (s.table.component[i] ?? 0),
    resolver: resolveComponent,
  },
  parent: { column: (s, i) => s.table.parent[i] ?? EMPTY_VALUE, resolver: resolveIssue },
  key: { column: (_s, i) => i, resolver: resolveIssue },
  issuekey: { column: (_s, i) => i, resolver: resolveIssue },
  id: { column: (_s, i) => i, resolver: resolveIssue },
};

function identityClause(clause: Clause, def: (typeof IDENTITY_FIELDS)[string], ctx: QueryContext): Predicate {
  const { store } = ctx;
  const column = def.column;
  const op = clause.operator;
  if (op === 'is' || op === 'is not') requireEmpty(clause);
  if (!['=', '!=', 'in', 'not in', 'is', 'is not'].includes(op)) throw unsupported(op, clause.field);
  const values = resolveOperand(clause.operand, clause.field, def.resolver, ctx);
  const positive = op === '=' || op === 'in' || op === 'is';
  if (values.size === 1) {
    const only = values.values().next().value ?? EMPTY_VALUE;
    // Jira's != and NOT IN never match issues where the field is EMPTY.
    return positive
      ? (i) => column(store, i) === only
      : (i) => {
          const v = column(store, i);
          return v !== only && (v !== EMPTY_VALUE || only === EMPTY_VALUE);
        };
  }
  return positive
    ? (i) => values.has(column(store, i))
    : (i) => {
        const v = column(store, i);
        return !values.has(v) && v !== EMPTY_VALUE;
      };
}

function compileClause(clause: Clause, ctx: QueryContext): Predicate {
  const name = clause.field.toLowerCase();
  const identity = IDENTITY_FIELDS[name];
  if (identity !== undefined) return identityClause(clause, identity, ctx);
  const date = DATE_FIELDS[name];
  if (date !== undefined) return dateClause(clause, date, ctx);
  const text = TEXT_FIELDS[name];
  if (text !== undefined) return textClause(clause, text, ctx);
  if (name === 'labels') return labelClause(clause, ctx);
  if (name === 'cf[10016]' || name === 'story point estimate') return pointsClause(clause, ctx);
  if (name === 'sprint' || name === 'cf[10020]') return sprintClause(clause, ctx);
  throw new JqlError(`Field '${clause.field}' does not exist or you do not have permission to view it.`);
}

function compileNode(node: JqlNode, ctx: QueryContext): Predicate {
  switch (node.kind) {
    case 'clause':
      return compileClause(node, ctx);
    case 'not': {
      const inner = compileNode(node.item, ctx);
      return (i) => !inner(i);
    }
    case 'and': {
      const parts = node.items.map((n) => compileNode(n, ctx));
      return (i) => parts.every((p) => p(i));
    }
    case 'or': {
      const parts = node.items.map((n) => compileNode(n, ctx));
      return (i) => parts.some((p) => p(i));
    }
  }
}

function narrow(range: TimeRange, clause: Clause, nowMs: number): void {
  if (clause.operand.kind !== 'value' && clause.operand.kind !== 'function') return;
  const at = instants(clause.operand, clause.field, nowMs)[0] ?? Number.NaN;
  if (Number.isNaN(at)) return;
  if (clause.operator === '>=' || clause.operator === '>') range.lo = Math.max(range.lo, at);
  if (clause.operator === '<=' || clause.operator === '<') range.hi = Math.min(range.hi, at);
  if (clause.operator === '=') {
    range.lo = Math.max(range.lo, at);
    range.hi = Math.min(range.hi, at);
  }
}

/** Parses and compiles JQL; throws `JqlError` with Jira's messages. */
export function compileJql(jql: string, ctx: QueryContext): CompiledQuery {
  const query: JqlQuery = parseJql(jql);
  const order = orderOf(query.orderBy);
  const table = ctx.store.table;
  const inner = query.where === null ? null : compileNode(query.where, ctx);
  const matches: Predicate =
    inner === null ? (i) => table.deleted[i] === 0 : (i) => table.deleted[i] === 0 && inner(i);
  const updated = { lo: -Infinity, hi: Infinity };
  const created = { lo: -Infinity, hi: Infinity };
  let projects: number[] | null = null;
  const top = query.where === null ? [] : query.where.kind === 'and' ? query.where.items : [query.where];
  for (const node of top) {
    if (node.kind !== 'clause') continue;
    const name = node.field.toLowerCase();
    if (name === 'project' && (node.operator === '=' || node.operator === 'in')) {
      const set = resolveOperand(node.operand, node.field, resolveProject, ctx);
      projects = projects === null ? [...set] : projects.filter((p) => set.has(p));
    } else if (name === 'updated' || name === 'updateddate') narrow(updated, node, ctx.nowMs);
    else if (name === 'created' || name === 'createddate') narrow(created, node, ctx.nowMs);
  }
  return { matches, projects, updated, created, order, bounded: query.where !== null };
}

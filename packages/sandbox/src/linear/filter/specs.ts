import type { CommentRecord } from '../world/detail.ts';
import type { LabelRecord, ProjectRecord, StateRecord, TeamRecord, UserRecord } from '../world/model.ts';
import { compileComparator, unsupported } from './comparators.ts';
import {
  compileFilter,
  relationTest,
  type EntityKind,
  type EntitySpecs,
  type FilterContext,
  type Predicate,
  type Specs,
} from './compile.ts';

const nanToNull = (ms: number): number | null => (Number.isNaN(ms) ? null : ms);

const teamSpecs: Specs<TeamRecord> = {
  id: { kind: 'id', get: (t) => t.id },
  key: { kind: 'string', get: (t) => t.key },
  name: { kind: 'string', get: (t) => t.name },
  description: { kind: 'string', get: (t) => t.description },
  private: { kind: 'bool', get: () => false },
  createdAt: { kind: 'date', get: (t) => t.createdAt },
  updatedAt: { kind: 'date', get: (t) => t.createdAt },
};

const stateSpecs: Specs<StateRecord> = {
  id: { kind: 'id', get: (s) => s.id },
  name: { kind: 'string', get: (s) => s.name },
  type: { kind: 'string', get: (s) => s.type },
  description: { kind: 'string', get: (s) => s.description },
  position: { kind: 'number', get: (s) => s.position },
  team: { kind: 'relation', target: 'team', get: (s) => s.team },
  createdAt: { kind: 'date', get: (s) => s.createdAt },
  updatedAt: { kind: 'date', get: (s) => s.createdAt },
};

function userSpecs(ctx: FilterContext): Specs<UserRecord> {
  return {
    id: { kind: 'id', get: (u) => u.id },
    name: { kind: 'string', get: (u) => u.name },
    displayName: { kind: 'string', get: (u) => u.displayName },
    email: { kind: 'string', get: (u) => u.email },
    active: { kind: 'bool', get: (u) => u.active },
    admin: { kind: 'bool', get: (u) => u.admin },
    owner: { kind: 'bool', get: (u) => u.idx === 0 },
    app: { kind: 'bool', get: () => false },
    invited: { kind: 'bool', get: () => false },
    isInvited: { kind: 'bool', get: () => false },
    isMe: { kind: 'bool', get: (u) => u.idx === ctx.viewer },
    createdAt: { kind: 'date', get: (u) => u.createdAt },
    updatedAt: { kind: 'date', get: (u) => u.createdAt },
  };
}

const projectSpecs: Specs<ProjectRecord> = {
  id: { kind: 'id', get: (p) => p.id },
  name: { kind: 'string', get: (p) => p.name },
  slugId: { kind: 'string', get: (p) => p.slugId },
  state: { kind: 'string', get: (p) => p.state },
  priority: { kind: 'number', get: (p) => p.priority },
  lead: { kind: 'relation', target: 'user', get: (p) => p.lead },
  createdAt: { kind: 'date', get: (p) => p.createdAt },
  updatedAt: { kind: 'date', get: (p) => p.createdAt },
  startedAt: { kind: 'date', get: (p) => nanToNull(p.startedAt) },
  completedAt: { kind: 'date', get: (p) => nanToNull(p.completedAt) },
  canceledAt: { kind: 'date', get: (p) => nanToNull(p.canceledAt) },
};

const labelSpecs: Specs<LabelRecord> = {
  id: { kind: 'id', get: (l) => l.id },
  name: { kind: 'string', get: (l) => l.name },
  isGroup: { kind: 'bool', get: () => false },
  team: { kind: 'relation', target: 'team', get: (l) => l.team },
  createdAt: { kind: 'date', get: (l) => l.createdAt },
  updatedAt: { kind: 'date', get: (l) => l.createdAt },
};

/** The entity spec tables for one request. */
export function entitySpecs(ctx: FilterContext): EntitySpecs {
  const world = ctx.store.world;
  const users = userSpecs(ctx);
  const table: Record<EntityKind, { specs: Specs<never>; records: readonly unknown[] }> = {
    team: { specs: teamSpecs, records: world.teams },
    state: { specs: stateSpecs, records: world.states },
    user: { specs: users, records: world.users },
    project: { specs: projectSpecs, records: world.projects },
    label: { specs: labelSpecs, records: world.labels },
  };
  return { of: (kind) => table[kind] };
}

function popcount(mask: number): number {
  let n = 0;
  for (let m = mask >>> 0; m !== 0; m &= m - 1) n++;
  return n;
}

/** `IssueLabelCollectionFilter` over an issue's label mask. */
function labelsTest(
  value: unknown,
  ctx: FilterContext,
  entities: EntitySpecs,
  path: string,
): (mask: number) => boolean {
  const tests: ((mask: number) => boolean)[] = [];
  const labelCount = ctx.store.world.labels.length;
  const maskOf = (filter: unknown, at: string): number => {
    const test = relationTest('label', filter, ctx, entities, at);
    let mask = 0;
    for (let l = 0; l < labelCount; l++) if (test(l)) mask |= 1 << l;
    return mask >>> 0;
  };
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw === undefined || raw === null) continue;
    const at = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(raw)) throw unsupported(at);
      const parts = raw.map((part, i) => labelsTest(part, ctx, entities, `${at}[${i}]`));
      tests.push(key === 'and' ? (m) => parts.every((p) => p(m)) : (m) => parts.some((p) => p(m)));
    } else if (key === 'null') {
      tests.push((m) => (m === 0) === raw);
    } else if (key === 'length') {
      const test = compileComparator('number', raw, ctx.nowMs, at);
      tests.push((m) => test(popcount(m)));
    } else if (key === 'some') {
      const wanted = maskOf(raw, at);
      tests.push((m) => (m & wanted) !== 0);
    } else if (key === 'every') {
      const wanted = maskOf(raw, at);
      tests.push((m) => (m & ~wanted) >>> 0 === 0);
    } else {
      // A label field at the top of a collection filter matches issues with some label where it holds.
      const wanted = maskOf({ [key]: raw }, at);
      tests.push((m) => (m & wanted) !== 0);
    }
  }
  return (m) => tests.every((test) => test(m));
}

/** Spec table of `IssueFilter` over issue indices. */
export function issueSpecs(ctx: FilterContext, entities: EntitySpecs): Specs<number> {
  const t = ctx.store.table;
  const store = ctx.store;
  const specs: Specs<number> = {
    id: { kind: 'id', get: (i) => store.issueId(i) },
    number: { kind: 'number', get: (i) => t.number[i]! },
    title: { kind: 'string', get: (i) => store.detail(i).title },
    description: { kind: 'string', get: (i) => store.detail(i).description },
    priority: { kind: 'number', get: (i) => t.priority[i]! },
    estimate: { kind: 'number', get: (i) => (t.estimate[i]! < 0 ? null : t.estimate[i]!) },
    createdAt: { kind: 'date', get: (i) => t.createdAt[i]! },
    updatedAt: { kind: 'date', get: (i) => t.updatedAt[i]! },
    startedAt: { kind: 'date', get: (i) => nanToNull(t.startedAt[i]!) },
    completedAt: { kind: 'date', get: (i) => nanToNull(t.completedAt[i]!) },
    canceledAt: { kind: 'date', get: (i) => nanToNull(t.canceledAt[i]!) },
    triagedAt: { kind: 'date', get: (i) => nanToNull(t.triagedAt[i]!) },
    archivedAt: { kind: 'date', get: (i) => nanToNull(t.archivedAt[i]!) },
    team: { kind: 'relation', target: 'team', get: (i) => t.team[i]! },
    state: { kind: 'relation', target: 'state', get: (i) => t.state[i]! },
    assignee: { kind: 'relation', target: 'user', get: (i) => t.assignee[i]! },
    creator: { kind: 'relation', target: 'user', get: (i) => t.creator[i]! },
    project: { kind: 'relation', target: 'project', get: (i) => t.project[i]! },
    labels: {
      kind: 'custom',
      compile: (value, c, at) => {
        const test = labelsTest(value, c, entities, at);
        return (i) => test(t.labels[i]!);
      },
    },
    parent: {
      kind: 'custom',
      compile: (value, c, at) => {
        const nested = value as Record<string, unknown>;
        if (nested['null'] === true) return (i) => t.parent[i]! < 0;
        const conditions = Object.entries(nested).some(
          ([k, v]) => k !== 'null' && v !== undefined && v !== null,
        );
        if (!conditions) return nested['null'] === false ? (i) => t.parent[i]! >= 0 : () => true;
        const inner = compileFilter(nested, specs, c, entities, at);
        return (i) => t.parent[i]! >= 0 && inner(t.parent[i]!);
      },
    },
  };
  return specs;
}

/** Compiles an `IssueFilter`. */
export function compileIssueFilter(filter: unknown, ctx: FilterContext): Predicate<number> {
  const entities = entitySpecs(ctx);
  return compileFilter(filter, issueSpecs(ctx, entities), ctx, entities, 'filter');
}

/** Compiles a filter over one of the small entity sets (`TeamFilter`, `UserFilter`...). */
export function compileEntityFilter<T>(kind: EntityKind, filter: unknown, ctx: FilterContext): Predicate<T> {
  const entities = entitySpecs(ctx);
  return compileFilter(filter, entities.of(kind).specs as Specs<T>, ctx, entities, 'filter');
}

/** Compiles a `CommentFilter`. */
export function compileCommentFilter(filter: unknown, ctx: FilterContext): Predicate<CommentRecord> {
  const entities = entitySpecs(ctx);
  const issues = issueSpecs(ctx, entities);
  const specs: Specs<CommentRecord> = {
    id: { kind: 'id', get: (c) => c.id },
    body: { kind: 'string', get: (c) => c.body },
    createdAt: { kind: 'date', get: (c) => c.at },
    updatedAt: { kind: 'date', get: (c) => c.updatedAt },
    user: { kind: 'relation', target: 'user', get: (c) => c.author },
    issue: {
      kind: 'custom',
      compile: (value, c, at) => {
        const inner = compileFilter(value, issues, c, entities, at);
        return (comment) => inner(comment.issue);
      },
    },
  };
  return compileFilter(filter, specs, ctx, entities, 'filter');
}

import { SPRINT_FIELD, STORY_POINTS_FIELD } from '../catalog/fields.ts';
import { PROJECTS } from '../catalog/projects.ts';
import { commentsOf, commentCountOf, descriptionOf, summaryOf } from '../data/derive.ts';
import { LinkTable } from '../data/links.ts';
import { sprintAt, sprintEnd, sprintStart } from '../data/sprints.ts';
import type { JiraStore } from '../data/store.ts';
import { jiraTimestamp } from '../time.ts';
import { commentJson } from './comment.ts';
import { asciiJson, toJson, type Refs } from './refs.ts';

export interface RenderContext {
  store: JiraStore;
  refs: Refs;
  nowMs: number;
}

type FieldRenderer = (ctx: RenderContext, i: number) => unknown;

const user = (ctx: RenderContext, person: number): unknown =>
  person >= 0 ? (ctx.refs.users[person] ?? null) : null;

/** The small issue reference Jira nests in parent, sub-task and link fields. */
export function issueRef(ctx: RenderContext, i: number): Record<string, unknown> {
  const t = ctx.store.table;
  const id = ctx.store.issueId(i);
  return {
    id,
    key: ctx.store.issueKey(i),
    self: `${ctx.refs.base}/rest/api/3/issue/${id}`,
    fields: {
      summary: summaryOf(ctx.store, i),
      status: ctx.refs.statuses[t.status[i] ?? 0],
      priority: ctx.refs.priorities[t.priority[i] ?? 0],
      issuetype: ctx.refs.issueTypes[t.type[i] ?? 0],
    },
  };
}

/** The Sprint field; equal sprints in the same state share one value object (and its cached JSON text). */
function sprintJson(ctx: RenderContext, i: number): unknown {
  const n = ctx.store.table.sprint[i] ?? -1;
  if (n < 0) return null;
  const p = ctx.store.table.project[i] ?? 0;
  const key = `s${p}:${n}:${Math.sign(n - sprintAt(ctx.nowMs))}`;
  let shared = ctx.store.shared.get(key);
  if (shared === undefined) {
    shared = buildSprint(ctx, p, n);
    ctx.store.shared.set(key, shared);
    if (typeof shared === 'object' && shared !== null) ctx.store.jsonText.set(shared, asciiJson(shared));
  }
  return shared;
}

function buildSprint(ctx: RenderContext, p: number, n: number): unknown {
  const project = PROJECTS[p];
  const start = sprintStart(n);
  const end = sprintEnd(n);
  const current = sprintAt(ctx.nowMs);
  const state = n < current ? 'closed' : n === current ? 'active' : 'future';
  return [
    {
      id: (p + 1) * 1000 + n,
      name: `${project?.key ?? 'X'} Sprint ${n}`,
      state,
      boardId: p + 1,
      goal: '',
      ...(state === 'future'
        ? {}
        : { startDate: new Date(start).toISOString(), endDate: new Date(end).toISOString() }),
      ...(state === 'closed' ? { completeDate: new Date(end).toISOString() } : {}),
    },
  ];
}

function linksJson(ctx: RenderContext, i: number): unknown[] {
  const links = ctx.store.world.links;
  return links.rowsOf(i).map((row) => {
    const outward = links.outward[row] ?? 0;
    const inward = links.inward[row] ?? 0;
    const id = LinkTable.idOf(row);
    const base = {
      id,
      self: `${ctx.refs.base}/rest/api/3/issueLink/${id}`,
      type: ctx.refs.linkTypes[links.type[row] ?? 0],
    };
    // Seen from the outward issue the other end is the inward one, and the other way round.
    return outward === i
      ? { ...base, inwardIssue: issueRef(ctx, inward) }
      : { ...base, outwardIssue: issueRef(ctx, outward) };
  });
}

const RENDERERS: Record<string, FieldRenderer> = {
  summary: (ctx, i) => summaryOf(ctx.store, i),
  description: (ctx, i) => descriptionOf(ctx.store, i),
  issuetype: (ctx, i) => ctx.refs.issueTypes[ctx.store.table.type[i] ?? 0],
  status: (ctx, i) => ctx.refs.statuses[ctx.store.table.status[i] ?? 0],
  priority: (ctx, i) => ctx.refs.priorities[ctx.store.table.priority[i] ?? 0],
  assignee: (ctx, i) => user(ctx, ctx.store.table.assignee[i] ?? -1),
  reporter: (ctx, i) => user(ctx, ctx.store.table.reporter[i] ?? -1),
  creator: (ctx, i) => user(ctx, ctx.store.table.reporter[i] ?? -1),
  project: (ctx, i) => ctx.refs.projects[ctx.store.table.project[i] ?? 0],
  labels: (ctx, i) => ctx.store.labelsOf(i),
  components: (ctx, i) => {
    const c = ctx.store.table.component[i] ?? -1;
    const def = c < 0 ? undefined : PROJECTS[ctx.store.table.project[i] ?? 0]?.components[c];
    return def === undefined
      ? []
      : [{ self: `${ctx.refs.base}/rest/api/3/component/${def.id}`, id: def.id, name: def.name }];
  },
  fixVersions: () => [],
  versions: () => [],
  created: (ctx, i) => jiraTimestamp(ctx.store.table.created[i] ?? 0),
  updated: (ctx, i) => jiraTimestamp(ctx.store.table.updated[i] ?? 0),
  resolution: (ctx, i) => (Number.isNaN(ctx.store.table.resolved[i]) ? null : ctx.refs.resolution),
  resolutiondate: (ctx, i) => {
    const ms = ctx.store.table.resolved[i] ?? Number.NaN;
    return Number.isNaN(ms) ? null : jiraTimestamp(ms);
  },
  statuscategorychangedate: (ctx, i) => jiraTimestamp(ctx.store.table.statusChanged[i] ?? 0),
  duedate: (ctx, i) => ctx.store.overlays.get(i)?.duedate ?? null,
  environment: (ctx, i) => ctx.store.overlays.get(i)?.environment ?? null,
  parent: (ctx, i) => {
    const p = ctx.store.table.parent[i] ?? -1;
    return p < 0 ? undefined : issueRef(ctx, p);
  },
  subtasks: (ctx, i) =>
    (ctx.store.world.subtasks.get(i) ?? [])
      .filter((c) => ctx.store.table.deleted[c] === 0)
      .map((c) => issueRef(ctx, c)),
  issuelinks: linksJson,
  comment: (ctx, i) => {
    const comments = commentsOf(ctx.store, i).map((c) => commentJson(ctx.refs, ctx.store.issueId(i), c));
    const total = commentCountOf(ctx.store, i);
    return {
      comments,
      self: `${ctx.refs.base}/rest/api/3/issue/${ctx.store.issueId(i)}/comment`,
      maxResults: total,
      total,
      startAt: 0,
    };
  },
  attachment: () => [],
  worklog: () => ({ startAt: 0, maxResults: 20, total: 0, worklogs: [] }),
  timetracking: () => ({}),
  watches: (ctx, i) => ({
    self: `${ctx.refs.base}/rest/api/3/issue/${ctx.store.issueKey(i)}/watchers`,
    watchCount: 1 + ((ctx.store.table.seed[i] ?? 0) % 4),
    isWatching: false,
  }),
  votes: (ctx, i) => ({
    self: `${ctx.refs.base}/rest/api/3/issue/${ctx.store.issueKey(i)}/votes`,
    votes: 0,
    hasVoted: false,
  }),
  security: () => null,
  lastViewed: () => null,
  [STORY_POINTS_FIELD]: (ctx, i) => {
    const p = ctx.store.table.points[i] ?? 0;
    return p > 0 ? p : null;
  },
  [SPRINT_FIELD]: sprintJson,
};

/**
 * The `fields` object of an issue as JSON text, with the given field ids in order (unknown ids are skipped, as
 * Jira does; `parent` is left out of issues that have none instead of sent as null).
 */
export function renderFieldsJson(ctx: RenderContext, i: number, fields: readonly string[]): string {
  let out = '';
  for (const id of fields) {
    const render = RENDERERS[id];
    if (render === undefined) continue;
    const value = render(ctx, i);
    if (value === undefined) continue;
    const text = typeof value === 'object' && value !== null ? ctx.store.jsonText.get(value) : undefined;
    out += `${out === '' ? '' : ','}"${id}":${text ?? toJson(ctx.refs, value)}`;
  }
  return `{${out}}`;
}

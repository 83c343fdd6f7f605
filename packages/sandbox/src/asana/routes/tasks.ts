import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asRoute, type AsDeps } from '../context.ts';
import { badRequest, bodyData, notFound, queryValue } from '../http.ts';
import { tasksOf, type TaskFilter, type TaskSource } from '../listing.ts';
import { taskCompact, taskFull } from '../render.ts';
import {
  createTaskData,
  CREATE_ONLY,
  parseData,
  plainText,
  taskFields,
  type UpdateTaskData,
} from '../schemas.ts';
import { isLive, type AsanaStore } from '../store.ts';
import { findUser, parseGid, SECTION_NAMES } from '../world.ts';
import { createTask, deleteTask, placeTask, updateTask, type TaskPatch } from '../writes.ts';
import { fieldsOf, lookup, sendCollection, sendData, view } from './common.ts';

/** Tasks: list (by project, section or assignee), read, create, update, delete, add to a project. */

type Found<T> = { ok: true; value: T } | { ok: false; reply: FastifyReply };

function instant(
  value: string | undefined,
  name: string,
): { ok: true; value: number | null } | { ok: false; message: string } {
  if (value === undefined) return { ok: true, value: null };
  if (name === 'completed_since' && value === 'now') return { ok: true, value: Number.POSITIVE_INFINITY };
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms)
    ? { ok: false, message: `${name}: Not a valid ISO 8601 date-time: ${value}` }
    : { ok: true, value: ms };
}

export function findTask(
  store: AsanaStore,
  reply: FastifyReply,
  value: unknown,
  name = 'task',
): Found<number> {
  return lookup(reply, name, value, (v) => {
    const g = parseGid.task(v);
    return g !== undefined && isLive(store, g) ? g : undefined;
  });
}

export function findProject(
  store: AsanaStore,
  reply: FastifyReply,
  value: unknown,
  name = 'project',
): Found<number> {
  return lookup(reply, name, value, (v) => store.world.projects[parseGid.project(v) ?? -1]?.index);
}

export function findSection(
  store: AsanaStore,
  reply: FastifyReply,
  value: unknown,
  name = 'section',
): Found<{ project: number; section: number }> {
  return lookup(reply, name, value, (v) => {
    const s = parseGid.section(v);
    return s && store.world.projects[s.project] && s.section < SECTION_NAMES.length ? s : undefined;
  });
}

/** Which tasks `GET /tasks` names: exactly one of project, section, or assignee with workspace. */
function sourceOf(deps: AsDeps, request: FastifyRequest, reply: FastifyReply, me: number): Found<TaskSource> {
  const q = (key: string) => queryValue(request, key);
  const given =
    ['project', 'section', 'tag', 'user_task_list'].filter((k) => q(k) !== undefined).length +
    (q('assignee') !== undefined ? 1 : 0);
  const usage = 'Must specify exactly one of project, tag, section, user task list, or assignee + workspace';
  if (given !== 1) return { ok: false, reply: badRequest(reply, usage) };
  const { store } = deps;
  if (q('project') !== undefined) {
    const p = findProject(store, reply, q('project'));
    return p.ok ? { ok: true, value: { kind: 'project', project: p.value } } : p;
  }
  if (q('section') !== undefined) {
    const s = findSection(store, reply, q('section'));
    return s.ok ? { ok: true, value: { kind: 'section', ...s.value } } : s;
  }
  if (q('assignee') !== undefined) {
    if (q('workspace') === undefined) return { ok: false, reply: badRequest(reply, usage) };
    const w = lookup(reply, 'workspace', q('workspace'), (v) => parseGid.workspace(v));
    if (!w.ok) return w;
    const user = findUser(store.world, q('assignee') ?? '', me);
    if (!user)
      return { ok: false, reply: notFound(reply, `assignee: Unknown object: ${q('assignee') ?? ''}`) };
    return { ok: true, value: { kind: 'assignee', user: user.index } };
  }
  // No tags or user task lists exist in the generated workspace.
  const name = q('tag') !== undefined ? 'tag' : 'user_task_list';
  const missing = lookup(reply, name, q(name), () => undefined);
  return missing.ok ? { ok: false, reply: notFound(reply, `${name}: Unknown object`) } : missing;
}

function listTasks(
  deps: AsDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  me: number,
  source?: TaskSource,
): FastifyReply {
  let from = source;
  if (!from) {
    const found = sourceOf(deps, request, reply, me);
    if (!found.ok) return found.reply;
    from = found.value;
  }
  const modified = instant(queryValue(request, 'modified_since'), 'modified_since');
  if (!modified.ok) return badRequest(reply, modified.message);
  const completed = instant(queryValue(request, 'completed_since'), 'completed_since');
  if (!completed.ok) return badRequest(reply, completed.message);
  const filter: TaskFilter = { modifiedSince: modified.value, completedSince: completed.value };
  const fields = fieldsOf(request);
  const { store } = deps;
  return sendCollection(reply, request, deps, tasksOf(store, from, filter), (g) =>
    view(
      deps,
      fields,
      g,
      (x) => taskCompact(store, x),
      (x) => taskFull(store, x),
    ),
  );
}

/** Reads the fields of a task create or update into a patch; a reply when they are wrong. */
function patchOf(deps: AsDeps, reply: FastifyReply, data: UpdateTaskData, me: number): Found<TaskPatch> {
  const patch: TaskPatch = {};
  if (data.name !== undefined) patch.name = data.name;
  if (data.html_notes !== undefined) patch.notes = plainText(data.html_notes);
  if (data.notes !== undefined) patch.notes = data.notes;
  if (data.completed !== undefined) patch.completed = data.completed;
  if (data.due_on !== undefined)
    patch.dueDay = data.due_on === null ? -1 : Math.floor(Date.parse(data.due_on) / 86_400_000);
  if (data.assignee === null) patch.assignee = -1;
  else if (data.assignee !== undefined) {
    const value = data.assignee;
    const user = value === 'me' || value.includes('@') ? findUser(deps.store.world, value, me) : undefined;
    if (user) patch.assignee = user.index;
    else {
      const found = lookup(reply, 'assignee', value, (v) => findUser(deps.store.world, v, me));
      if (!found.ok) return found;
      patch.assignee = found.value.index;
    }
  }
  return { ok: true, value: patch };
}

export function registerTaskRoutes(app: FastifyInstance, deps: AsDeps): void {
  const { store } = deps;
  const one = (request: FastifyRequest, reply: FastifyReply, g: number, status = 200) =>
    sendData(
      reply,
      view(
        deps,
        fieldsOf(request),
        g,
        (x) => taskFull(store, x),
        (x) => taskFull(store, x),
      ),
      status,
    );

  asRoute(app, deps, 'GET', '/tasks', (request, reply, me) => listTasks(deps, request, reply, me.index));
  asRoute(app, deps, 'GET', '/projects/:project_gid/tasks', (request, reply, me) => {
    const p = findProject(store, reply, (request.params as { project_gid: string }).project_gid);
    return p.ok ? listTasks(deps, request, reply, me.index, { kind: 'project', project: p.value }) : p.reply;
  });
  asRoute(app, deps, 'GET', '/sections/:section_gid/tasks', (request, reply, me) => {
    const s = findSection(store, reply, (request.params as { section_gid: string }).section_gid);
    return s.ok ? listTasks(deps, request, reply, me.index, { kind: 'section', ...s.value }) : s.reply;
  });

  asRoute(app, deps, 'GET', '/tasks/:task_gid', (request, reply) => {
    const found = findTask(store, reply, (request.params as { task_gid: string }).task_gid);
    return found.ok ? one(request, reply, found.value) : found.reply;
  });

  asRoute(app, deps, 'POST', '/tasks', (request, reply, me) => {
    const body = bodyData(request);
    if (!body.ok) return badRequest(reply, body.message);
    const parsed = parseData(createTaskData, body.data);
    if (!parsed.ok) return badRequest(reply, parsed.message);
    const data = parsed.value;
    const memberships: { project: number; section: number }[] = [];
    for (const raw of data.projects ?? []) {
      const p = findProject(store, reply, raw, 'projects');
      if (!p.ok) return p.reply;
      if (!memberships.some((m) => m.project === p.value)) memberships.push({ project: p.value, section: 0 });
    }
    for (const m of data.memberships ?? []) {
      const p = findProject(store, reply, m.project, 'memberships.project');
      if (!p.ok) return p.reply;
      let section = 0;
      if (m.section !== undefined) {
        const s = findSection(store, reply, m.section, 'memberships.section');
        if (!s.ok) return s.reply;
        if (s.value.project !== p.value)
          return badRequest(reply, 'memberships.section: Section is not in the project');
        section = s.value.section;
      }
      const existing = memberships.find((x) => x.project === p.value);
      if (existing) existing.section = section;
      else memberships.push({ project: p.value, section });
    }
    if (data.workspace !== undefined) {
      const w = lookup(reply, 'workspace', data.workspace, (v) => parseGid.workspace(v));
      if (!w.ok) return w.reply;
    } else if (memberships.length === 0)
      return badRequest(reply, 'You should specify one of workspace, parent, projects');
    const patch = patchOf(deps, reply, data, me.index);
    if (!patch.ok) return patch.reply;
    const g = createTask(deps, me.index, {
      name: patch.value.name ?? '',
      notes: patch.value.notes ?? '',
      assignee: patch.value.assignee ?? -1,
      completed: patch.value.completed ?? false,
      dueDay: patch.value.dueDay ?? -1,
      memberships,
    });
    return one(request, reply, g, 201);
  });

  asRoute(app, deps, 'PUT', '/tasks/:task_gid', (request, reply, me) => {
    const found = findTask(store, reply, (request.params as { task_gid: string }).task_gid);
    if (!found.ok) return found.reply;
    const body = bodyData(request);
    if (!body.ok) return badRequest(reply, body.message);
    const readOnly = CREATE_ONLY.find((k) => body.data[k] !== undefined);
    if (readOnly) return badRequest(reply, `${readOnly}: Cannot write this property`);
    const parsed = parseData(taskFields, body.data);
    if (!parsed.ok) return badRequest(reply, parsed.message);
    const patch = patchOf(deps, reply, parsed.value, me.index);
    if (!patch.ok) return patch.reply;
    updateTask(deps, found.value, me.index, patch.value);
    return one(request, reply, found.value);
  });

  asRoute(app, deps, 'DELETE', '/tasks/:task_gid', (request, reply, me) => {
    const found = findTask(store, reply, (request.params as { task_gid: string }).task_gid);
    if (!found.ok) return found.reply;
    deleteTask(deps, found.value, me.index);
    return sendData(reply, {});
  });

  asRoute(app, deps, 'POST', '/tasks/:task_gid/addProject', (request, reply, me) => {
    const found = findTask(store, reply, (request.params as { task_gid: string }).task_gid);
    if (!found.ok) return found.reply;
    const body = bodyData(request);
    if (!body.ok) return badRequest(reply, body.message);
    const p = findProject(store, reply, body.data.project);
    if (!p.ok) return p.reply;
    let section: number | null = null;
    if (body.data.section !== undefined && body.data.section !== null) {
      const s = findSection(store, reply, body.data.section);
      if (!s.ok) return s.reply;
      if (s.value.project !== p.value) return badRequest(reply, 'section: Section is not in the project');
      section = s.value.section;
    }
    placeTask(deps, found.value, me.index, p.value, section);
    return sendData(reply, {});
  });
}

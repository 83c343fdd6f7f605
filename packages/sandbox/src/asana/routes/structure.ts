import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asRoute, type AsDeps } from '../context.ts';
import { badRequest, isGidShaped, notFound, queryValue } from '../http.ts';
import {
  projectCompact,
  projectFull,
  sectionCompact,
  sectionFull,
  userFull,
  workspaceCompact,
  workspaceFull,
} from '../render.ts';
import { findUser, parseGid, SECTION_NAMES, type AsProject } from '../world.ts';
import { fieldsOf, indexed, lookup, sendCollection, sendData, view } from './common.ts';

/** Users, workspaces, projects and sections. */

export function registerStructureRoutes(app: FastifyInstance, deps: AsDeps): void {
  const { store } = deps;
  const { world } = store;

  asRoute(app, deps, 'GET', '/users/:user_gid', (request, reply, me) => {
    const { user_gid: raw } = request.params as { user_gid: string };
    const user = findUser(world, raw, me.index);
    if (!user) {
      if (raw !== 'me' && !raw.includes('@') && !isGidShaped(raw))
        return badRequest(reply, `user: Not a recognized ID: ${raw}`);
      return notFound(reply, `user: Unknown object: ${raw}`);
    }
    return sendData(
      reply,
      view(
        deps,
        fieldsOf(request),
        user.index,
        (i) => userFull(store, i),
        (i) => userFull(store, i),
      ),
    );
  });

  asRoute(app, deps, 'GET', '/workspaces', (request, reply) => {
    const fields = fieldsOf(request);
    return sendCollection(reply, request, deps, indexed([0]), () =>
      view(
        deps,
        fields,
        0,
        () => workspaceCompact(store),
        () => workspaceFull(store),
      ),
    );
  });

  const projects = (
    request: FastifyRequest,
    reply: FastifyReply,
    workspace: string | undefined,
  ): FastifyReply => {
    if (workspace !== undefined) {
      const found = lookup(reply, 'workspace', workspace, (v) => parseGid.workspace(v));
      if (!found.ok) return found.reply;
    }
    let list: AsProject[] = world.projects;
    const team = queryValue(request, 'team');
    if (team !== undefined) {
      const found = lookup(reply, 'team', team, (v) => {
        const i = parseGid.team(v);
        return i !== undefined && world.teams[i] ? i : undefined;
      });
      if (!found.ok) return found.reply;
      list = list.filter((p) => p.team === found.value);
    }
    // Nothing is archived in the generated workspace.
    if (queryValue(request, 'archived') === 'true') list = [];
    const fields = fieldsOf(request);
    return sendCollection(reply, request, deps, indexed(list), (p) =>
      view(
        deps,
        fields,
        p,
        (x) => projectCompact(store, x.index),
        (x) => projectFull(store, x),
      ),
    );
  };
  asRoute(app, deps, 'GET', '/projects', (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    if (q.workspace === undefined && q.team === undefined)
      return badRequest(reply, 'workspace: Missing input');
    return projects(request, reply, q.workspace);
  });
  asRoute(app, deps, 'GET', '/workspaces/:workspace_gid/projects', (request, reply) =>
    projects(request, reply, (request.params as { workspace_gid: string }).workspace_gid),
  );

  asRoute(app, deps, 'GET', '/projects/:project_gid', (request, reply) => {
    const found = lookup(
      reply,
      'project',
      (request.params as { project_gid: string }).project_gid,
      (v) => world.projects[parseGid.project(v) ?? -1],
    );
    if (!found.ok) return found.reply;
    return sendData(
      reply,
      view(
        deps,
        fieldsOf(request),
        found.value,
        (p) => projectFull(store, p),
        (p) => projectFull(store, p),
      ),
    );
  });

  asRoute(app, deps, 'GET', '/projects/:project_gid/sections', (request, reply) => {
    const found = lookup(
      reply,
      'project',
      (request.params as { project_gid: string }).project_gid,
      (v) => world.projects[parseGid.project(v) ?? -1],
    );
    if (!found.ok) return found.reply;
    const p = found.value.index;
    const fields = fieldsOf(request);
    const sections = SECTION_NAMES.map((_, s) => s);
    return sendCollection(reply, request, deps, indexed(sections), (s) =>
      view(
        deps,
        fields,
        s,
        (x) => sectionCompact(store, p, x),
        (x) => sectionFull(store, p, x),
      ),
    );
  });

  asRoute(app, deps, 'GET', '/sections/:section_gid', (request, reply) => {
    const found = lookup(reply, 'section', (request.params as { section_gid: string }).section_gid, (v) => {
      const s = parseGid.section(v);
      return s && world.projects[s.project] && s.section < SECTION_NAMES.length ? s : undefined;
    });
    if (!found.ok) return found.reply;
    const s = found.value;
    return sendData(
      reply,
      view(
        deps,
        fieldsOf(request),
        s,
        (x) => sectionFull(store, x.project, x.section),
        (x) => sectionFull(store, x.project, x.section),
      ),
    );
  });
}

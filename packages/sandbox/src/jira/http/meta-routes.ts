import type { FastifyInstance } from 'fastify';
import { FIELDS } from '../catalog/fields.ts';
import { PROJECTS } from '../catalog/projects.ts';
import { listParam } from '../render/issue.ts';
import { linkIssues } from '../writes/link.ts';
import { jiraTimestamp } from '../time.ts';
import { actorOf, intParam, writeContext, type JiraContext } from './context.ts';
import { sendFailure } from './replies.ts';

const BUILD = {
  version: '1001.0.0-SNAPSHOT',
  versionNumbers: [1001, 0, 0],
  buildNumber: 100290,
  scmInfo: '5e3f7d42c0f1a6b8e9d2c4a1b7f0e3d6c5a8b9e2',
};

function projectJson(
  ctx: JiraContext,
  p: (typeof PROJECTS)[number],
  expand: Set<string>,
): Record<string, unknown> {
  const refs = ctx.refs();
  const base = refs.projects[p.index] ?? {};
  const out: Record<string, unknown> = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    ...base,
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
  if (expand.has('description')) out.description = p.description;
  if (expand.has('lead')) out.lead = refs.users[p.team[0] ?? 0];
  if (expand.has('issueTypes')) out.issueTypes = refs.issueTypes;
  if (expand.has('url')) out.url = '';
  if (expand.has('insight')) {
    const byUpdated = ctx.store.projectByUpdated[p.index];
    let total = 0;
    const list = ctx.store.world.projectIssues[p.index];
    for (let k = 0; k < (list?.length ?? 0); k++)
      if (ctx.store.table.deleted[list?.at(k) ?? 0] === 0) total++;
    const last = byUpdated === undefined || byUpdated.length === 0 ? -1 : byUpdated.at(byUpdated.length - 1);
    out.insight = {
      totalIssueCount: total,
      ...(last < 0 ? {} : { lastIssueUpdateTime: jiraTimestamp(ctx.store.table.updated[last] ?? 0) }),
    };
  }
  return out;
}

function userJson(ctx: JiraContext, person: number, full: boolean): Record<string, unknown> {
  const base = ctx.refs().users[person] ?? {};
  const out: Record<string, unknown> = { ...base, locale: 'en_US' };
  if (full) {
    out.groups = { size: 1, items: [] };
    out.applicationRoles = { size: 1, items: [] };
    out.expand = 'groups,applicationRoles';
  }
  return out;
}

export function registerMetaRoutes(app: FastifyInstance, ctx: JiraContext): void {
  app.post('/rest/api/3/issueLink', (request, reply) => {
    const result = linkIssues(writeContext(ctx, request), request.body);
    if (!result.ok) return sendFailure(reply, result.failure);
    // Jira answers 201 with an empty body here.
    return reply.code(201).send();
  });

  app.get('/rest/api/3/issueLinkType', () => ({ issueLinkTypes: ctx.refs().linkTypes }));

  app.get('/rest/api/3/project/search', (request) => {
    const q = request.query as Record<string, unknown>;
    const startAt = intParam(q.startAt, 0, Number.MAX_SAFE_INTEGER);
    const maxResults = Math.max(1, intParam(q.maxResults, 50, 100));
    const keys = new Set(listParam(q.keys).map((k) => k.toUpperCase()));
    const text = typeof q.query === 'string' ? q.query.toLowerCase() : '';
    const order = typeof q.orderBy === 'string' ? q.orderBy : 'key';
    const expand = new Set(listParam(q.expand));
    let projects = PROJECTS.filter(
      (p) =>
        (keys.size === 0 || keys.has(p.key)) &&
        (text === '' || p.key.toLowerCase().includes(text) || p.name.toLowerCase().includes(text)),
    );
    const byName = order.replace(/^[+-]/, '') === 'name';
    projects = [...projects].sort((a, b) =>
      byName ? a.name.localeCompare(b.name) : a.key.localeCompare(b.key),
    );
    if (order.startsWith('-')) projects.reverse();
    const page = projects.slice(startAt, startAt + maxResults);
    const self = `${ctx.refs().base}/rest/api/3/project/search`;
    const isLast = startAt + maxResults >= projects.length;
    return {
      self: `${self}?maxResults=${maxResults}&startAt=${startAt}`,
      ...(isLast ? {} : { nextPage: `${self}?maxResults=${maxResults}&startAt=${startAt + maxResults}` }),
      maxResults,
      startAt,
      total: projects.length,
      isLast,
      values: page.map((p) => projectJson(ctx, p, expand)),
    };
  });

  app.get('/rest/api/3/project/:projectIdOrKey', (request, reply) => {
    const { projectIdOrKey } = request.params as { projectIdOrKey: string };
    const p = PROJECTS.find((x) => x.id === projectIdOrKey || x.key === projectIdOrKey.toUpperCase());
    if (p === undefined) {
      return sendFailure(reply, {
        status: 404,
        errorMessages: ["No project could be found with key '" + projectIdOrKey + "'."],
        errors: {},
      });
    }
    const expand = new Set([
      'description',
      'lead',
      'issueTypes',
      ...listParam((request.query as Record<string, unknown>).expand),
    ]);
    return reply.send({
      ...projectJson(ctx, p, expand),
      components: p.components.map((c) => ({
        self: `${ctx.refs().base}/rest/api/3/component/${c.id}`,
        id: c.id,
        name: c.name,
      })),
    });
  });

  app.get('/rest/api/3/myself', (request) => userJson(ctx, actorOf(ctx, request), true));

  app.get('/rest/api/3/user/search', (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const query = typeof q.query === 'string' ? q.query.trim().toLowerCase() : '';
    const accountId = typeof q.accountId === 'string' ? q.accountId : '';
    if (query === '' && accountId === '') {
      return sendFailure(reply, {
        status: 400,
        errorMessages: ["One of 'query' or 'accountId' parameters must be provided."],
        errors: {},
      });
    }
    const startAt = intParam(q.startAt, 0, Number.MAX_SAFE_INTEGER);
    const maxResults = intParam(q.maxResults, 50, 1000);
    const people = ctx.store.people.filter((p) =>
      accountId !== ''
        ? p.accountId === accountId
        : p.displayName
            .toLowerCase()
            .split(' ')
            .some((w) => w.startsWith(query)) ||
          p.displayName.toLowerCase().startsWith(query) ||
          (p.email?.toLowerCase().startsWith(query) ?? false),
    );
    return reply.send(people.slice(startAt, startAt + maxResults).map((p) => userJson(ctx, p.index, false)));
  });

  app.get('/rest/api/3/field', () =>
    FIELDS.map((f) => ({
      id: f.id,
      key: f.id,
      name: f.name,
      custom: f.custom,
      orderable: f.orderable,
      navigable: f.navigable,
      searchable: f.searchable,
      clauseNames: f.clauseNames,
      schema: f.schema,
    })),
  );

  app.get('/rest/api/3/issuetype', () => ctx.refs().issueTypes);
  app.get('/rest/api/3/priority', () => ctx.refs().priorities);
  app.get('/rest/api/3/status', () => ctx.refs().statuses);

  app.get('/rest/api/3/serverInfo', () => ({
    baseUrl: ctx.refs().base,
    ...BUILD,
    deploymentType: 'Cloud',
    buildDate: '2026-06-01T00:00:00.000+0000',
    serverTime: jiraTimestamp(ctx.nowMs()),
    serverTitle: 'Jira',
  }));
}

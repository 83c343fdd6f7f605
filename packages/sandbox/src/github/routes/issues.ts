import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ghRoute, type GhDeps } from '../context.ts';
import {
  jsonBody,
  notFound,
  problemsParsingJson,
  sendError,
  validationFailed,
  type FieldError,
} from '../http.ts';
import { queryItems, type AssigneeFilter, type ItemQuery } from '../query.ts';
import { issueJson } from '../render-issue.ts';
import { createIssueBody, parseBody, updateIssueBody } from '../schemas.ts';
import { FLAG } from '../table.ts';
import { resolveLabels, userByLogin, type GhWorld } from '../world.ts';
import { createIssue, updateIssue, type IssuePatch } from '../writes.ts';
import { itemOfRequest, pageParams, parseTimestamp, queryValue, repoOfRequest, sendPage } from './common.ts';

const DOCS = {
  list: 'https://docs.github.com/rest/issues/issues#list-repository-issues',
  get: 'https://docs.github.com/rest/issues/issues#get-an-issue',
  create: 'https://docs.github.com/rest/issues/issues#create-an-issue',
  update: 'https://docs.github.com/rest/issues/issues#update-an-issue',
};

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T | null {
  if (value === undefined) return fallback;
  return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Reads the list filters; GitHub refuses unknown enum values and bad timestamps with 422. */
export function parseListQuery(
  world: GhWorld,
  request: FastifyRequest,
  pullRequestsOnly: boolean,
  resource: string,
): { ok: true; query: ItemQuery } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const invalid = (field: string, value: string | undefined): void => {
    errors.push(
      value === undefined
        ? { resource, field, code: 'invalid' }
        : { resource, field, code: 'invalid', value },
    );
  };
  const stateRaw = queryValue(request, 'state');
  const state = oneOf(stateRaw, ['open', 'closed', 'all'], 'open');
  if (!state) invalid('state', stateRaw);
  const sortRaw = queryValue(request, 'sort');
  const sorts = pullRequestsOnly
    ? (['created', 'updated', 'popularity', 'long-running'] as const)
    : (['created', 'updated', 'comments'] as const);
  const sortIn = oneOf<string>(sortRaw, sorts, 'created');
  if (!sortIn) invalid('sort', sortRaw);
  const sort: ItemQuery['sort'] =
    sortIn === 'popularity' ? 'comments' : ((sortIn ?? 'created') as ItemQuery['sort']);
  const directionRaw = queryValue(request, 'direction');
  // Pull requests list newest first only for the creation order; other orders default to ascending.
  const defaultDirection =
    pullRequestsOnly && sortRaw !== undefined && sortRaw !== 'created' ? 'asc' : 'desc';
  const direction = oneOf(directionRaw, ['asc', 'desc'], defaultDirection);
  if (!direction) invalid('direction', directionRaw);
  const sinceRaw = queryValue(request, 'since');
  const since = sinceRaw === undefined ? null : parseTimestamp(sinceRaw);
  if (sinceRaw !== undefined && since === null) invalid('since', sinceRaw);
  if (errors.length > 0 || !state || !direction) return { ok: false, errors };
  let impossible = false;
  let labels = 0;
  const labelsRaw = queryValue(request, 'labels');
  if (labelsRaw) {
    const resolved = resolveLabels(
      world,
      labelsRaw
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
      false,
    );
    if (resolved === null) impossible = true;
    else labels = resolved;
  }
  let assignee: AssigneeFilter | null = null;
  const assigneeRaw = queryValue(request, 'assignee');
  if (assigneeRaw === '*') assignee = { kind: 'any' };
  else if (assigneeRaw === 'none') assignee = { kind: 'none' };
  else if (assigneeRaw) {
    const user = userByLogin(world, assigneeRaw);
    if (user) assignee = { kind: 'user', index: user.index };
    else impossible = true;
  }
  let creator: number | null = null;
  const creatorRaw = queryValue(request, 'creator');
  if (creatorRaw) {
    const user = userByLogin(world, creatorRaw);
    if (user) creator = user.index;
    else impossible = true;
  }
  // No milestones exist in the generated organization: any milestone filter but "none" matches nothing.
  const milestone = queryValue(request, 'milestone');
  if (milestone !== undefined && milestone !== 'none') impossible = true;
  return {
    ok: true,
    query: { state, labels, impossible, assignee, creator, since, sort, direction, pullRequestsOnly },
  };
}

function assigneesFrom(
  world: GhWorld,
  logins: (string | null | undefined)[],
): { ok: true; value: number[] } | { ok: false; login: string } {
  const out: number[] = [];
  for (const login of logins) {
    if (login === null || login === undefined || login === '') continue;
    const user = userByLogin(world, login);
    if (!user) return { ok: false, login };
    out.push(user.index);
  }
  return { ok: true, value: out };
}

export function registerIssueRoutes(app: FastifyInstance, deps: GhDeps): void {
  const { store } = deps;
  ghRoute(
    app,
    deps,
    { method: 'GET', url: '/repos/:owner/:repo/issues', docs: DOCS.list, access: 'repo' },
    (request, reply) => {
      const repo = repoOfRequest(store, request);
      if (!repo) return notFound(reply, DOCS.list);
      const parsed = parseListQuery(store.world, request, false, 'Issue');
      if (!parsed.ok) return validationFailed(reply, parsed.errors, DOCS.list);
      const { page, perPage } = pageParams(request);
      const result = queryItems(store, repo.index, parsed.query, (page - 1) * perPage, perPage);
      const api = deps.api();
      const body = result.items.map((g) => issueJson(api, store, g, false));
      return sendPage(reply, request, api, { page, perPage, total: result.total }, body);
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'GET', url: '/repos/:owner/:repo/issues/:number', docs: DOCS.get, access: 'repo' },
    (request, reply) => {
      const found = itemOfRequest(store, request, 'number');
      if (found.kind === 'missing') return notFound(reply, DOCS.get);
      if (found.kind === 'deleted') return sendError(reply, 410, 'This issue was deleted', DOCS.get);
      return reply.send(issueJson(deps.api(), store, found.item, true));
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'POST', url: '/repos/:owner/:repo/issues', docs: DOCS.create, access: 'repo' },
    (request, reply, call) => {
      const repo = repoOfRequest(store, request);
      if (!repo) return notFound(reply, DOCS.create);
      const raw = jsonBody(request);
      if (!raw.ok) return problemsParsingJson(reply, DOCS.create);
      const parsed = parseBody(createIssueBody, raw.value, 'Issue');
      if (!parsed.ok) return validationFailed(reply, parsed.errors, DOCS.create);
      const input = parsed.value;
      const assignees = assigneesFrom(store.world, [input.assignee, ...(input.assignees ?? [])]);
      if (!assignees.ok)
        return validationFailed(
          reply,
          [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: assignees.login }],
          DOCS.create,
        );
      const labels = resolveLabels(
        store.world,
        (input.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name)),
        true,
      );
      if (labels === null)
        return validationFailed(reply, [{ resource: 'Label', field: 'name', code: 'invalid' }], DOCS.create);
      const g = createIssue(deps, repo.index, call.user?.index ?? 0, {
        title: String(input.title),
        body: input.body ?? null,
        assignees: [...new Set(assignees.value)],
        labels,
      });
      const api = deps.api();
      const json = issueJson(api, store, g, true);
      reply.header('location', String(json.url));
      return reply.code(201).send(json);
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'PATCH', url: '/repos/:owner/:repo/issues/:number', docs: DOCS.update, access: 'repo' },
    (request, reply, call) => patchIssue(deps, request, reply, call.user?.index ?? 0),
  );
}

function patchIssue(deps: GhDeps, request: FastifyRequest, reply: FastifyReply, actor: number): FastifyReply {
  const { store } = deps;
  const found = itemOfRequest(store, request, 'number');
  if (found.kind === 'missing') return notFound(reply, DOCS.update);
  if (found.kind === 'deleted') return sendError(reply, 410, 'This issue was deleted', DOCS.update);
  const raw = jsonBody(request);
  if (!raw.ok) return problemsParsingJson(reply, DOCS.update);
  const parsed = parseBody(updateIssueBody, raw.value, 'Issue');
  if (!parsed.ok) return validationFailed(reply, parsed.errors, DOCS.update);
  const input = parsed.value;
  const g = found.item;
  const patch: IssuePatch = {};
  if (input.title !== undefined && input.title !== null) patch.title = String(input.title);
  if (input.body !== undefined) patch.body = input.body;
  if (input.state !== undefined) patch.state = input.state;
  if (input.state_reason !== undefined) patch.stateReason = input.state_reason;
  if (input.assignees !== undefined || input.assignee !== undefined) {
    const logins = input.assignees ?? [input.assignee];
    const assignees = assigneesFrom(store.world, logins);
    if (!assignees.ok)
      return validationFailed(
        reply,
        [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: assignees.login }],
        DOCS.update,
      );
    patch.assignees = assignees.value;
  }
  if (input.labels !== undefined) {
    const labels = resolveLabels(
      store.world,
      input.labels.map((l) => (typeof l === 'string' ? l : l.name)),
      true,
    );
    if (labels === null)
      return validationFailed(reply, [{ resource: 'Label', field: 'name', code: 'invalid' }], DOCS.update);
    patch.labels = labels;
  }
  const t = store.table;
  if (
    patch.state === 'open' &&
    t.has(g, FLAG.pullRequest) &&
    (t.mergedAt[g] ?? 0) !== 0 &&
    !t.has(g, FLAG.open)
  ) {
    return validationFailed(
      reply,
      [
        {
          resource: 'Issue',
          code: 'custom',
          field: 'state',
          message: 'state cannot be changed. The pull request cannot be reopened because it has been merged.',
        },
      ],
      DOCS.update,
    );
  }
  updateIssue(deps, g, actor, patch);
  return reply.send(issueJson(deps.api(), store, g, true));
}

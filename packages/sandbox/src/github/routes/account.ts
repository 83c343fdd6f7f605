import type { FastifyInstance } from 'fastify';
import { ghRoute, type GhDeps } from '../context.ts';
import { notFound, validationFailed } from '../http.ts';
import { privateUser, repositoryJson } from '../render-repo.ts';
import { pageParams, queryValue, repoOfRequest, sendPage } from './common.ts';

/** The authenticated user, their repositories, one repository, and `GET /rate_limit`. */

const DOCS = {
  repo: 'https://docs.github.com/rest/repos/repos#get-a-repository',
  user: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
  userRepos: 'https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user',
  rateLimit:
    'https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user',
};

export function registerAccountRoutes(app: FastifyInstance, deps: GhDeps): void {
  const { store } = deps;
  ghRoute(
    app,
    deps,
    { method: 'GET', url: '/repos/:owner/:repo', docs: DOCS.repo, access: 'repo' },
    (request, reply) => {
      const repo = repoOfRequest(store, request);
      if (!repo) return notFound(reply, DOCS.repo);
      return reply.send(repositoryJson(deps.api(), store, repo, true));
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'GET', url: '/user', docs: DOCS.user, access: 'user' },
    (_request, reply, call) => {
      if (!call.user) return notFound(reply, DOCS.user);
      return reply.send(privateUser(deps.api(), store.world, call.user));
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'GET', url: '/user/repos', docs: DOCS.userRepos, access: 'user' },
    (request, reply) => {
      const sort = queryValue(request, 'sort') ?? 'full_name';
      if (!['created', 'updated', 'pushed', 'full_name'].includes(sort)) {
        return validationFailed(
          reply,
          [{ resource: 'Repository', field: 'sort', code: 'invalid', value: sort }],
          DOCS.userRepos,
        );
      }
      const direction = queryValue(request, 'direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
      if (direction !== 'asc' && direction !== 'desc') {
        return validationFailed(
          reply,
          [{ resource: 'Repository', field: 'direction', code: 'invalid', value: direction }],
          DOCS.userRepos,
        );
      }
      const api = deps.api();
      // Every member of the organization sees all of its repositories.
      const all = store.world.repos.map((r) => repositoryJson(api, store, r, false));
      const key = sort === 'full_name' ? 'full_name' : sort === 'created' ? 'created_at' : 'pushed_at';
      all.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (direction === 'asc' ? 1 : -1));
      const { page, perPage } = pageParams(request);
      const body = all.slice((page - 1) * perPage, page * perPage);
      return sendPage(reply, request, api, { page, perPage, total: all.length }, body);
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'GET', url: '/rate_limit', docs: DOCS.rateLimit, access: 'public', free: true },
    (_request, reply, call) => {
      const core = {
        limit: call.rate.limit,
        used: call.rate.used,
        remaining: Math.max(0, call.rate.remaining),
        reset: call.rate.resetAt,
      };
      const fixed = (limit: number) => ({ limit, used: 0, remaining: limit, reset: call.rate.resetAt });
      return reply.send({
        resources: {
          core,
          search: fixed(30),
          graphql: fixed(5000),
          integration_manifest: fixed(5000),
          source_import: fixed(100),
          code_scanning_upload: fixed(1000),
          actions_runner_registration: fixed(10000),
          scim: fixed(15000),
          dependency_snapshots: fixed(100),
          code_search: fixed(10),
          audit_log: fixed(1750),
        },
        rate: core,
      });
    },
  );
}

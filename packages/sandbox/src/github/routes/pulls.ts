import type { FastifyInstance } from 'fastify';
import { ghRoute, type GhDeps } from '../context.ts';
import { notFound, validationFailed } from '../http.ts';
import { queryItems } from '../query.ts';
import { pullJson } from '../render-issue.ts';
import { repositoryJson } from '../render-repo.ts';
import { FLAG } from '../table.ts';
import { itemOfRequest, pageParams, repoOfRequest, sendPage } from './common.ts';
import { parseListQuery } from './issues.ts';

/** Pull requests: the same items as the issues list, seen through the pulls endpoints. */

const DOCS = {
  list: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
  get: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
};

export function registerPullRoutes(app: FastifyInstance, deps: GhDeps): void {
  const { store } = deps;
  ghRoute(
    app,
    deps,
    { method: 'GET', url: '/repos/:owner/:repo/pulls', docs: DOCS.list, access: 'repo' },
    (request, reply) => {
      const repo = repoOfRequest(store, request);
      if (!repo) return notFound(reply, DOCS.list);
      const parsed = parseListQuery(store.world, request, true, 'PullRequest');
      if (!parsed.ok) return validationFailed(reply, parsed.errors, DOCS.list);
      // The pulls list has no label, assignee or creator filters; `since` does not exist there either.
      const query = {
        ...parsed.query,
        labels: 0,
        assignee: null,
        creator: null,
        since: null,
        impossible: false,
      };
      const { page, perPage } = pageParams(request);
      const result = queryItems(store, repo.index, query, (page - 1) * perPage, perPage);
      const api = deps.api();
      const repoJson = repositoryJson(api, store, repo, false);
      const body = result.items.map((g) => pullJson(api, store, g, false, repoJson));
      return sendPage(reply, request, api, { page, perPage, total: result.total }, body);
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'GET', url: '/repos/:owner/:repo/pulls/:number', docs: DOCS.get, access: 'repo' },
    (request, reply) => {
      const found = itemOfRequest(store, request, 'number');
      // A deleted pull request or a plain issue is simply not a pull request here.
      if (found.kind !== 'found' || !store.table.has(found.item, FLAG.pullRequest))
        return notFound(reply, DOCS.get);
      return reply.send(pullJson(deps.api(), store, found.item, true));
    },
  );
}

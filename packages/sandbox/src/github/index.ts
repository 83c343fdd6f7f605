import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceFactory } from '../core/service.ts';
import { ghRoute, readCredential, tokenOf, type GhDeps } from './context.ts';
import { DOCS, RATE_DOCS, requestId, sendError, setRateHeaders } from './http.ts';
import { applyMutation } from './mutate.ts';
import { createRateBudget } from './rate.ts';
import { registerAccountRoutes } from './routes/account.ts';
import { registerActivityRoutes } from './routes/activity.ts';
import { registerHookRoutes } from './routes/hooks.ts';
import { registerIssueRoutes } from './routes/issues.ts';
import { registerPullRoutes } from './routes/pulls.ts';
import { buildStore } from './store.ts';
import { FLAG } from './table.ts';
import { announce, type HookRegistry } from './webhooks.ts';

/** The default credential of the GitHub fake (`Authorization: Bearer …` or `token …`). */
export const GITHUB_DEFAULT_TOKEN = 'sandbox-github-token';

/** A stateful fake of GitHub's REST API (issues, pull requests, comments, events, hooks) at api.github.com paths. */
export const createGithubService: ServiceFactory = (options) => {
  const store = buildStore(options.rng, options.size, () => options.now().getTime() / 1000);
  const users = store.world.users;
  const tokens = new Map<string, number>([[GITHUB_DEFAULT_TOKEN, 0]]);
  // Extra tokens belong to the organization's people in turn, so tests can act as different users.
  options.extraCredentials.forEach((token, i) => tokens.set(token, 1 + (i % (users.length - 1))));
  const registry: HookRegistry = { hooks: [], nextId: 480_000_001 };
  const api = (): string => options.baseUrl().replace(/\/+$/, '');
  const deps: GhDeps = {
    store,
    budget: createRateBudget(store.nowSec),
    tokens,
    api,
    onChange: (change) => announce(api(), options.deliverWebhook, store, registry, change),
  };

  return {
    name: 'github',
    register(app) {
      // GitHub reads a JSON body whatever content type the client declared.
      if (!app.hasContentTypeParser('*')) {
        app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
      }
      registerIssueRoutes(app, deps);
      registerActivityRoutes(app, deps);
      registerPullRoutes(app, deps);
      registerAccountRoutes(app, deps);
      registerHookRoutes(app, deps, registry, options.deliverWebhook);
      // Any other path: GitHub's 404, with the same credential check and rate headers as everywhere.
      for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const) {
        ghRoute(app, deps, { method, url: '/*', docs: DOCS, access: 'public' }, (_request, reply) =>
          sendError(reply, 404, 'Not Found', DOCS),
        );
      }
    },
    credentialOf(request: FastifyRequest) {
      return tokenOf(request);
    },
    sendRateLimited(reply: FastifyReply, retryAfterSeconds, state) {
      const id = requestId();
      reply.header('x-github-request-id', id);
      setRateHeaders(reply, state);
      if (state.remaining <= 0) {
        // Primary limit: 403, remaining 0, and the client waits for x-ratelimit-reset (no retry-after).
        const credential = readCredential(reply.request, deps);
        const who = credential.kind === 'valid' ? `user ID ${credential.user.id}` : reply.request.ip;
        return sendError(
          reply,
          403,
          `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID ${id}.`,
          RATE_DOCS,
        );
      }
      // Secondary limit (too many requests in a burst while budget remains): 429 with retry-after.
      reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
      return sendError(
        reply,
        429,
        `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${id}.`,
        `${RATE_DOCS}#about-secondary-rate-limits`,
      );
    },
    sendServerError(reply: FastifyReply, status) {
      reply.header('x-github-request-id', requestId());
      const message = status === 503 ? 'Service Unavailable' : 'Server Error';
      return reply.code(status).type('application/json; charset=utf-8').send({ message });
    },
    mutate(command) {
      return applyMutation(deps, command);
    },
    stats() {
      const t = store.table;
      let issues = 0;
      let pulls = 0;
      let open = 0;
      let deleted = 0;
      let comments = 0;
      for (let g = 0; g < t.size; g++) {
        const f = t.flags[g] ?? 0;
        if (f & FLAG.deleted) {
          deleted++;
          continue;
        }
        if (f & FLAG.pullRequest) pulls++;
        else issues++;
        if (f & FLAG.open) open++;
        comments += t.comments[g] ?? 0;
      }
      return {
        repos: store.world.repos.length,
        users: users.length,
        items: issues + pulls,
        issues,
        pull_requests: pulls,
        open,
        closed: issues + pulls - open,
        deleted,
        comments,
        written: store.overlays.size,
        hooks: registry.hooks.length,
      };
    },
  };
};

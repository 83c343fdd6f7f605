import type { FastifyInstance } from 'fastify';
import { ghRoute, type GhDeps } from '../context.ts';
import { jsonBody, notFound, problemsParsingJson, validationFailed } from '../http.ts';
import { createHookBody, parseBody } from '../schemas.ts';
import { hookJson, ping, type Deliver, type HookRegistry } from '../webhooks.ts';
import { repoOfRequest } from './common.ts';

/** Repository webhooks: create (with the ping GitHub sends), list, get, delete. */

const DOCS = {
  create: 'https://docs.github.com/rest/repos/webhooks#create-a-repository-webhook',
  list: 'https://docs.github.com/rest/repos/webhooks#list-repository-webhooks',
  get: 'https://docs.github.com/rest/repos/webhooks#get-a-repository-webhook',
  delete: 'https://docs.github.com/rest/repos/webhooks#delete-a-repository-webhook',
};

export function registerHookRoutes(
  app: FastifyInstance,
  deps: GhDeps,
  registry: HookRegistry,
  deliver: Deliver,
): void {
  const { store } = deps;
  const base = '/repos/:owner/:repo/hooks';

  ghRoute(
    app,
    deps,
    { method: 'POST', url: base, docs: DOCS.create, access: 'repo' },
    (request, reply, call) => {
      const repo = repoOfRequest(store, request);
      if (!repo) return notFound(reply, DOCS.create);
      const raw = jsonBody(request);
      if (!raw.ok) return problemsParsingJson(reply, DOCS.create);
      const parsed = parseBody(createHookBody, raw.value, 'Hook');
      if (!parsed.ok) return validationFailed(reply, parsed.errors, DOCS.create);
      const input = parsed.value;
      const url = input.config.url;
      if (registry.hooks.some((h) => h.repo === repo.index && h.url === url)) {
        return validationFailed(
          reply,
          [{ resource: 'Hook', code: 'custom', message: 'Hook already exists on this repository' }],
          DOCS.create,
        );
      }
      const now = store.nowSec();
      const hook = {
        id: registry.nextId++,
        repo: repo.index,
        url,
        contentType: input.config.content_type ?? 'form',
        secret: input.config.secret ?? null,
        events: input.events ?? ['push'],
        active: input.active ?? true,
        createdAt: now,
        updatedAt: now,
      };
      registry.hooks.push(hook);
      const api = deps.api();
      if (hook.active) ping(api, deliver, store, hook, call.user?.index ?? 0);
      const json = hookJson(api, store, hook);
      reply.header('location', json.url);
      return reply.code(201).send(json);
    },
  );

  ghRoute(app, deps, { method: 'GET', url: base, docs: DOCS.list, access: 'repo' }, (request, reply) => {
    const repo = repoOfRequest(store, request);
    if (!repo) return notFound(reply, DOCS.list);
    const api = deps.api();
    return reply.send(
      registry.hooks.filter((h) => h.repo === repo.index).map((h) => hookJson(api, store, h)),
    );
  });

  ghRoute(
    app,
    deps,
    { method: 'GET', url: `${base}/:hookId`, docs: DOCS.get, access: 'repo' },
    (request, reply) => {
      const repo = repoOfRequest(store, request);
      const id = Number((request.params as { hookId?: string }).hookId);
      const hook = registry.hooks.find((h) => h.id === id && h.repo === repo?.index);
      if (!hook) return notFound(reply, DOCS.get);
      return reply.send(hookJson(deps.api(), store, hook));
    },
  );

  ghRoute(
    app,
    deps,
    { method: 'DELETE', url: `${base}/:hookId`, docs: DOCS.delete, access: 'repo' },
    (request, reply) => {
      const repo = repoOfRequest(store, request);
      const id = Number((request.params as { hookId?: string }).hookId);
      const index = registry.hooks.findIndex((h) => h.id === id && h.repo === repo?.index);
      if (index < 0) return notFound(reply, DOCS.delete);
      registry.hooks.splice(index, 1);
      return reply.code(204).send();
    },
  );
}

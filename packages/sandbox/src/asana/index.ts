import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceFactory } from '../core/service.ts';
import { credentialKey, type AsDeps } from './context.ts';
import { errorPhrase, sendErrors } from './http.ts';
import { applyMutation } from './mutate.ts';
import { registerStoryRoutes } from './routes/stories.ts';
import { registerStructureRoutes } from './routes/structure.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';
import { buildStore } from './store.ts';
import { TASK_FLAG } from './table.ts';
import { announce, type AsWebhook } from './webhooks.ts';

/** The default personal access token of the Asana fake (`Authorization: Bearer …`). */
export const ASANA_DEFAULT_TOKEN = 'sandbox-asana-token';

/** A stateful fake of Asana's REST API (workspaces, projects, sections, tasks, stories, webhooks) under /api/1.0. */
export const createAsanaService: ServiceFactory = (options) => {
  const store = buildStore(options.rng, options.size, () => options.now().getTime());
  const users = store.world.users;
  const tokens = new Map<string, number>([[ASANA_DEFAULT_TOKEN, 0]]);
  // Extra tokens belong to the workspace's people in turn, so tests can act as different users.
  options.extraCredentials.forEach((token, i) => tokens.set(token, 1 + (i % (users.length - 1))));
  const hooks: AsWebhook[] = [];
  const deps: AsDeps = {
    store,
    tokens,
    base: () => options.baseUrl().replace(/\/+$/, ''),
    onChange: (change) => announce(options.deliverWebhook, store, hooks, change),
  };

  return {
    name: 'asana',
    register(app) {
      // Asana reads form bodies as well as JSON.
      if (!app.hasContentTypeParser('*')) {
        app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
      }
      registerStructureRoutes(app, deps);
      registerTaskRoutes(app, deps);
      registerStoryRoutes(app, deps);
      registerWebhookRoutes(app, deps, hooks);
      app.route({
        method: ['GET', 'POST', 'PUT', 'DELETE'],
        url: '/api/1.0/*',
        handler: (_request, reply) => sendErrors(reply, 404, 'No matching route for request'),
      });
    },
    credentialOf(request: FastifyRequest) {
      return credentialKey(request);
    },
    sendRateLimited(reply: FastifyReply, retryAfterSeconds) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
      return sendErrors(
        reply,
        429,
        "You've made too many requests and hit a rate limit. Please retry after the given amount of time.",
      );
    },
    sendServerError(reply: FastifyReply, status) {
      const message =
        status === 500 ? 'Server Error' : status === 502 ? 'Bad Gateway' : 'Service Unavailable';
      return reply
        .code(status)
        .type('application/json; charset=UTF-8')
        .send({ errors: [{ message, phrase: errorPhrase() }] });
    },
    mutate(command) {
      return applyMutation(deps, command);
    },
    stats() {
      const t = store.table;
      let live = 0;
      let completed = 0;
      let deleted = 0;
      for (let g = 0; g < t.size; g++) {
        if (t.has(g, TASK_FLAG.deleted)) deleted++;
        else {
          live++;
          if (t.has(g, TASK_FLAG.completed)) completed++;
        }
      }
      return {
        workspaces: 1,
        users: users.length,
        projects: store.world.projects.length,
        sections: store.world.projects.length * 5,
        tasks: live,
        completed,
        incomplete: live - completed,
        deleted,
        written: store.overlays.size,
        webhooks: hooks.length,
      };
    },
  };
};

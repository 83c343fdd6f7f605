import type { FastifyRequest } from 'fastify';
import type { SandboxService, ServiceFactory } from '../core/service.ts';
import { buildPeople, DEFAULT_ACCOUNT_EMAIL } from './catalog/people.ts';
import { emptyWorld, generateIssues } from './data/generate.ts';
import { JiraStore } from './data/store.ts';
import { createJiraAuth } from './http/auth.ts';
import type { JiraContext } from './http/context.ts';
import { registerJira } from './http/plugin.ts';
import { sendRateLimited, sendServerError } from './http/replies.ts';
import { mutateJira } from './mutate.ts';
import { buildRefs, type Refs } from './render/refs.ts';
import { ResultCache } from './search/execute.ts';
import { JiraWebhooks } from './webhooks.ts';

export { DEFAULT_JIRA_TOKEN } from './http/auth.ts';

/** The account the default credential logs in as. */
export const DEFAULT_JIRA_EMAIL = DEFAULT_ACCOUNT_EMAIL;

/** Builds the Jira Cloud fake: generates `size` issues from the seed, then serves REST v3 on its port. */
export const createJiraService: ServiceFactory = (options): SandboxService => {
  const people = buildPeople();
  const world = emptyWorld(people, options.size + 1024, options.now().getTime());
  generateIssues(world, options.size, options.rng.fork('issues'));
  const store = new JiraStore(world);
  const auth = createJiraAuth(people, options.extraCredentials);
  const mutations = options.rng.fork('mutations');
  let refs: Refs | null = null;
  const refsNow = (): Refs => {
    const base = options.baseUrl();
    if (refs?.base !== base) refs = buildRefs(base, people);
    return refs;
  };
  const nowMs = (): number => options.now().getTime();
  const webhooks = new JiraWebhooks(
    store,
    () => ({ store, refs: refsNow(), nowMs: nowMs() }),
    options.deliverWebhook,
  );
  store.onEvent((event) => webhooks.handle(event, nowMs()));
  const ctx: JiraContext = {
    store,
    refs: refsNow,
    nowMs,
    searchCache: new ResultCache(),
    webhooks,
    actors: new WeakMap<FastifyRequest, number>(),
  };
  return {
    name: 'jira',
    register: (app) => registerJira(app, ctx, auth),
    credentialOf: (request) => auth.credentialOf(request),
    sendRateLimited,
    sendServerError,
    mutate: (command) => mutateJira(store, mutations, command, nowMs()),
    stats: () => {
      let live = 0;
      for (let i = 0; i < store.table.count; i++) if (store.table.deleted[i] === 0) live++;
      return {
        issues: live,
        deletedIssues: store.table.count - live,
        projects: world.projectIssues.length,
        people: people.length,
        links: world.links.size,
        writtenIssues: store.overlays.size,
        webhooks: webhooks.size,
      };
    },
  };
};

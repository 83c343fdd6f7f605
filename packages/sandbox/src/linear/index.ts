import type { FastifyReply } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { RateState, SandboxService, ServiceOptions } from '../core/service.ts';
import { credentialOf } from './api/credentials.ts';
import { errorEntry } from './api/errors.ts';
import { createExecutor } from './api/execute.ts';
import { rateHeaders, registerGraphQLRoutes } from './api/http.ts';
import { loadLinearSchema } from './api/schema.ts';
import { Graph } from './views/graph.ts';
import { deliverChanges } from './webhooks/delivery.ts';
import { WebhookRegistry } from './webhooks/registry.ts';
import { createIdCodec } from './world/ids.ts';
import { createMutator } from './world/mutator.ts';
import { generateWorld } from './world/org.ts';
import { LinearStore } from './world/store.ts';

export { SANDBOX_LINEAR_KEY } from './api/credentials.ts';
export { signLinearBody } from './webhooks/delivery.ts';
export { loadLinearSchema, locateLinearSchema } from './api/schema.ts';

/** Linear-specific options beyond the core's. */
export interface LinearServiceExtras {
  /** Path of Linear's SDL; by default the repository's sibling `shared/specs/linear.schema.graphql`. */
  schemaPath?: string;
  /** An already built schema (tests share one instead of building 1.2 MB of SDL per service). */
  schema?: GraphQLSchema;
}

/**
 * The Linear GraphQL fake: `POST /graphql` (GET for queries) over a seeded, stateful workspace.
 *
 * Layout: `world/` generates and stores the workspace (typed-array columns per issue, detail derived per issue from
 * its own random streams, written issues kept whole); `filter/` compiles Linear filter inputs to predicates;
 * `views/` holds the field resolvers per GraphQL type; `api/` is the transport, the executor and the root
 * query/mutation fields; `webhooks/` registers webhooks and delivers signed change events.
 */
export function createLinearService(
  options: ServiceOptions,
  extras: LinearServiceExtras = {},
): SandboxService {
  const schema = extras.schema ?? loadLinearSchema(extras.schemaPath);
  const codec = createIdCodec(options.seed);
  const nowMs = options.now().getTime();
  const world = generateWorld(options.rng.fork('world'), options.size, nowMs, codec, options.seed);
  const clock = (): number => options.now().getTime();
  const store = new LinearStore(world, codec, options.rng.fork('issues'), options.size, clock);
  const webhooks = new WebhookRegistry(codec);
  deliverChanges(store, webhooks, options.deliverWebhook, options.now);
  const mutate = createMutator(store, options.rng.fork('mutate'));

  return {
    name: 'linear',
    async register(app) {
      let internalErrors = 0;
      const executor = createExecutor(schema, (error) => {
        internalErrors++;
        app.log.error({ err: error, internalErrors }, 'linear sandbox resolver failed');
      });
      await registerGraphQLRoutes(app, {
        executor,
        extraCredentials: options.extraCredentials,
        graph: () => new Graph(store, webhooks, world.viewer, clock()),
      });
    },
    credentialOf,
    sendRateLimited(reply: FastifyReply, _retryAfterSeconds: number, state: RateState) {
      return reply
        .code(400)
        .headers(rateHeaders(state))
        .send({
          errors: [
            errorEntry(
              'RATELIMITED',
              'Rate limit exceeded',
              'Too many API requests. Please try again later.',
            ),
          ],
        });
    },
    sendServerError(reply: FastifyReply, status: 500 | 502 | 503) {
      return reply.code(status).send({
        errors: [
          errorEntry(
            'INTERNAL_SERVER_ERROR',
            'Internal server error',
            'An unexpected error occurred. Please try again.',
          ),
        ],
      });
    },
    mutate,
    stats() {
      const t = store.table;
      let archived = 0;
      let comments = 0;
      let history = 0;
      for (let i = 0; i < t.count; i++) {
        if (!Number.isNaN(t.archivedAt[i]!)) archived++;
        comments += t.commentCount[i]!;
        history += t.historyCount[i]!;
      }
      return {
        issues: t.count,
        archivedIssues: archived,
        comments,
        historyEntries: history,
        teams: world.teams.length,
        users: world.users.length,
        projects: world.projects.length,
        issueLabels: world.labels.length,
        workflowStates: world.states.length,
        webhooks: webhooks.size,
        materializedIssues: store.writtenCount(),
      };
    },
  };
}

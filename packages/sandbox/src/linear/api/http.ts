import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateState } from '../../core/service.ts';
import { authenticate } from './credentials.ts';
import { errorEntry } from './errors.ts';
import type { Executor, GraphQLRequest } from './execute.ts';
import type { Graph } from '../views/graph.ts';

export interface GraphQLRouteDeps {
  executor: Executor;
  extraCredentials: readonly string[];
  /** A fresh execution context for one request. */
  graph(): Graph;
}

/** Linear's rate-limit headers; the reset is in epoch milliseconds. */
export function rateHeaders(state: RateState): Record<string, string> {
  return {
    'x-ratelimit-requests-limit': String(state.limit),
    'x-ratelimit-requests-remaining': String(Math.max(0, state.remaining)),
    'x-ratelimit-requests-reset': String(state.resetAt * 1000),
  };
}

function readBody(request: FastifyRequest): GraphQLRequest | string {
  if (request.method === 'GET') {
    const q = (request.query ?? {}) as Record<string, unknown>;
    let variables: unknown = undefined;
    if (typeof q['variables'] === 'string' && q['variables'] !== '') {
      try {
        variables = JSON.parse(q['variables']);
      } catch {
        return '`variables` is not valid JSON.';
      }
    }
    return { query: q['query'], variables, operationName: q['operationName'] };
  }
  const raw = request.body;
  if (typeof raw !== 'string' || raw.trim() === '')
    return 'The request body must be a JSON object with a `query`.';
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return 'The request body must be a JSON object with a `query`.';
    }
    return parsed;
  } catch {
    return 'The request body is not valid JSON.';
  }
}

/**
 * `POST /graphql` (and GET for queries) on an encapsulated scope whose JSON parser hands the raw text over, so a
 * malformed body answers as a GraphQL error rather than Fastify's own error shape.
 */
export async function registerGraphQLRoutes(app: FastifyInstance, deps: GraphQLRouteDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      if (request.sandboxRate !== undefined) reply.headers(rateHeaders(request.sandboxRate));
      const auth = authenticate(request, deps.extraCredentials);
      if (!auth.ok) {
        const body = {
          errors: [
            errorEntry(
              'AUTHENTICATION_ERROR',
              auth.message,
              'You need to authenticate to access this operation.',
            ),
          ],
        };
        return reply.code(401).send(body);
      }
      const input = readBody(request);
      if (typeof input === 'string')
        return reply.code(400).send({ errors: [errorEntry('BAD_REQUEST', input)] });
      const answer = deps.executor.run(input, deps.graph(), { readOnly: request.method === 'GET' });
      return reply.code(answer.status).send(answer.body);
    };
    scope.post('/graphql', handle);
    scope.get('/graphql', handle);
  });
}

/* eslint-disable @typescript-eslint/no-unsafe-call -- GraphQL answers are JSON read by shape; the executor already typed them against the schema. */
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import type { ServiceFactory } from '../../src/core/service.ts';
import { createLinearService } from '../../src/linear/index.ts';
import { KEY, linearSchema, NOW, startLinear, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await startLinear({ size: 50, extraCredentials: ['oauth-token-1'] });
});
afterEach(async () => {
  await h.close();
});

const authError = (message: string) => ({
  errors: [
    {
      message,
      extensions: {
        type: 'authentication error',
        code: 'AUTHENTICATION_ERROR',
        statusCode: 401,
        userError: true,
        userPresentableMessage: 'You need to authenticate to access this operation.',
      },
    },
  ],
});

describe('Linear sandbox transport', () => {
  it('takes the API key bare and OAuth tokens after Bearer', async () => {
    expect((await h.gql('{ viewer { isMe } }')).body).toEqual({ data: { viewer: { isMe: true } } });
    expect((await h.gql('{ viewer { isMe } }', {}, 'Bearer oauth-token-1')).body).toEqual({
      data: { viewer: { isMe: true } },
    });
  });

  it('refuses missing, unknown and Bearer-prefixed API keys as Linear does', async () => {
    const cases: [string | null, string][] = [
      [null, 'Authentication required, not authenticated'],
      ['lin_api_unknown', 'Authentication required, not authenticated'],
      ['Bearer oauth-token-2', 'Authentication required, not authenticated'],
      [
        `Bearer ${KEY}`,
        "It looks like you're trying to use an API key as a Bearer token. Remove the Bearer prefix from the Authorization header.",
      ],
    ];
    for (const [auth, message] of cases) {
      const res = await h.gql('{ viewer { id } }', {}, auth);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(authError(message));
    }
  });

  it('reports the credential of a request for per-credential limits', async () => {
    const seen: (string | null)[] = [];
    const app = Fastify();
    app.addHook('onRequest', async (request) => {
      seen.push(h.service.credentialOf(request));
    });
    await h.service.register(app);
    for (const authorization of [KEY, 'Bearer oauth-token-1', undefined]) {
      await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: authorization === undefined ? {} : { authorization },
        payload: { query: '{ viewer { id } }' },
      });
    }
    await app.close();
    expect(seen).toEqual([KEY, 'oauth-token-1', null]);
  });

  it('answers syntax and schema errors with HTTP 400 and GraphQL error codes', async () => {
    const syntax = await h.gql('{ issues { nodes { id }');
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors).toEqual([
      {
        message: 'Syntax Error: Expected Name, found <EOF>.',
        locations: [{ line: 1, column: 24 }],
        extensions: expect.objectContaining({ code: 'GRAPHQL_PARSE_FAILED', type: 'graphql error' }),
      },
    ]);
    const invalid = await h.gql('{ issues { nodes { id estimatee } } teamz { id } }');
    expect(invalid.status).toBe(400);
    expect(
      invalid.body.errors.map((e: { message: string; extensions: { code: string } }) => [
        e.message,
        e.extensions.code,
      ]),
    ).toEqual([
      [
        'Cannot query field "estimatee" on type "Issue". Did you mean "estimate" or "state"?',
        'GRAPHQL_VALIDATION_FAILED',
      ],
      [
        'Cannot query field "teamz" on type "Query". Did you mean "team" or "teams"?',
        'GRAPHQL_VALIDATION_FAILED',
      ],
    ]);
    const badVariable = await h.gql('query($n: Int) { issues(first: $n) { nodes { id } } }', { n: 'ten' });
    expect(badVariable.status).toBe(400);
    expect(badVariable.body.errors[0].extensions.code).toBe('INPUT_ERROR');
  });

  it('answers malformed bodies with HTTP 400 GraphQL errors', async () => {
    const bodies = ['{"query": ', '[]', '{}'];
    const answers = [];
    for (const payload of bodies) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: KEY, 'content-type': 'application/json' },
        payload,
      });
      answers.push([
        res.statusCode,
        res
          .json<{ errors: { message: string; extensions: { code: string } }[] }>()
          .errors.map((e) => [e.message, e.extensions.code]),
      ]);
    }
    expect(answers).toEqual([
      [400, [['The request body is not valid JSON.', 'BAD_REQUEST']]],
      [400, [['The request body must be a JSON object with a `query`.', 'BAD_REQUEST']]],
      [400, [['GraphQL operations must contain a non-empty `query`.', 'BAD_REQUEST']]],
    ]);
  });

  it('serves queries over GET but not mutations', async () => {
    const query = await h.app.inject({
      method: 'GET',
      url: '/graphql',
      query: { query: 'query Me { viewer { isMe } }', operationName: 'Me' },
      headers: { authorization: KEY },
    });
    expect([query.statusCode, query.json()]).toEqual([200, { data: { viewer: { isMe: true } } }]);
    const mutation = await h.app.inject({
      method: 'GET',
      url: '/graphql',
      query: { query: 'mutation { issueArchive(id: "ENG-1") { success } }' },
      headers: { authorization: KEY },
    });
    expect(mutation.statusCode).toBe(400);
  });

  it('answers a rate-limit fault as Linear: HTTP 400, RATELIMITED, request headers', async () => {
    const app = Fastify();
    app.addHook('onRequest', async (request, reply) => {
      if (request.headers['x-limited'] === 'yes')
        return h.service.sendRateLimited(reply, 30, {
          limit: 1500,
          remaining: 0,
          used: 1500,
          resetAt: 1_780_000_000,
        });
      request.sandboxRate = { limit: 1500, remaining: 1499, used: 1, resetAt: 1_780_000_000 };
      return undefined;
    });
    await h.service.register(app);
    const limited = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: KEY, 'x-limited': 'yes' },
      payload: { query: '{ viewer { id } }' },
    });
    const ok = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: KEY },
      payload: { query: '{ viewer { isMe } }' },
    });
    await app.close();
    expect(limited.statusCode).toBe(400);
    expect(limited.json()).toEqual({
      errors: [
        {
          message: 'Rate limit exceeded',
          extensions: {
            type: 'ratelimited',
            code: 'RATELIMITED',
            statusCode: 400,
            userError: true,
            userPresentableMessage: 'Too many API requests. Please try again later.',
          },
        },
      ],
    });
    expect([
      limited.headers['x-ratelimit-requests-limit'],
      limited.headers['x-ratelimit-requests-remaining'],
      limited.headers['x-ratelimit-requests-reset'],
    ]).toEqual(['1500', '0', '1780000000000']);
    expect([ok.statusCode, ok.headers['x-ratelimit-requests-remaining']]).toEqual([200, '1499']);
  });

  it('answers injected server errors with a GraphQL error body', async () => {
    const app = Fastify();
    app.addHook('onRequest', async (_request, reply) => h.service.sendServerError(reply, 503));
    await h.service.register(app);
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: KEY },
      payload: { query: '{ viewer { id } }' },
    });
    await app.close();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      errors: [
        {
          message: 'Internal server error',
          extensions: {
            type: 'internal error',
            code: 'INTERNAL_SERVER_ERROR',
            statusCode: 500,
            userError: false,
            userPresentableMessage: 'An unexpected error occurred. Please try again.',
          },
        },
      ],
    });
  });

  it('loads the schema from a given path', async () => {
    const service = createLinearService(
      {
        seed: 1,
        size: 0,
        extraCredentials: [],
        now: () => NOW,
        rng: createRng(1),
        baseUrl: () => 'http://127.0.0.1:8073',
        deliverWebhook: () => undefined,
      },
      { schemaPath: new URL('../../../../../shared/specs/linear.schema.graphql', import.meta.url).pathname },
    );
    const app = Fastify();
    await service.register(app);
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: KEY },
      payload: { query: '{ issues { nodes { id } } teams { nodes { key } } }' },
    });
    await app.close();
    expect(res.json()).toEqual({
      data: { issues: { nodes: [] }, teams: { nodes: [{ key: 'OPS' }, { key: 'DES' }, { key: 'ENG' }] } },
    });
    expect(linearSchema().getQueryType()?.name).toBe('Query');
  });

  it("builds through the core's ServiceFactory, finding the schema beside the repository", async () => {
    const factory: ServiceFactory = createLinearService;
    const service = factory({
      seed: 2,
      size: 3,
      extraCredentials: [],
      now: () => NOW,
      rng: createRng(2),
      baseUrl: () => 'http://127.0.0.1:8073',
      deliverWebhook: () => undefined,
    });
    const app = Fastify();
    await service.register(app);
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: KEY },
      payload: { query: '{ issues(includeArchived: true) { nodes { identifier } } }' },
    });
    await app.close();
    expect(service.name).toBe('linear');
    expect(res.json<{ data: { issues: { nodes: unknown[] } } }>().data.issues.nodes).toHaveLength(3);
  });
});

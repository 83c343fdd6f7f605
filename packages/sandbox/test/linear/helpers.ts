import Fastify, { type FastifyInstance } from 'fastify';
import {
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { createRng } from '../../src/core/rng.ts';
import type { SandboxService } from '../../src/core/service.ts';
import { createLinearService, loadLinearSchema } from '../../src/linear/index.ts';

export const KEY = 'sandbox-linear-key';
export const NOW = new Date('2026-06-01T12:00:00.000Z');

let shared: GraphQLSchema | undefined;

/** Linear's schema, built once per test file: it is read-only input, not test data. */
export function linearSchema(): GraphQLSchema {
  return (shared ??= loadLinearSchema());
}

export interface Delivery {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface Harness {
  service: SandboxService;
  app: FastifyInstance;
  deliveries: Delivery[];
  /** POSTs a GraphQL request with the sandbox API key (or `auth`). */
  gql(query: string, variables?: Record<string, unknown>, auth?: string | null): Promise<GqlAnswer>;
  /** Moves the sandbox clock. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface GqlAnswer {
  status: number;
  headers: Record<string, unknown>;
  // GraphQL answers are JSON of any shape; tests read them as such.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A Linear service on a bare Fastify instance, as the brief prescribes (no core, no port). */
export async function startLinear(
  options: { seed?: number; size?: number; extraCredentials?: string[]; now?: Date } = {},
): Promise<Harness> {
  const seed = options.seed ?? 11;
  let now = (options.now ?? NOW).getTime();
  const deliveries: Delivery[] = [];
  const service = createLinearService(
    {
      seed,
      size: options.size ?? 400,
      extraCredentials: options.extraCredentials ?? [],
      now: () => new Date(now),
      rng: createRng(seed).fork('linear'),
      baseUrl: () => 'http://127.0.0.1:8073',
      deliverWebhook: (url, body, headers) => deliveries.push({ url, body, headers }),
    },
    { schema: linearSchema() },
  );
  const app = Fastify();
  await service.register(app);
  await app.ready();
  return {
    service,
    app,
    deliveries,
    async gql(query, variables, auth = KEY) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (auth !== null) headers['authorization'] = auth;
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers,
        payload: JSON.stringify({ query, variables }),
      });
      return { status: res.statusCode, headers: res.headers, body: res.json<unknown>() };
    },
    advance(ms) {
      now += ms;
    },
    close: () => app.close(),
  };
}

/**
 * Problems of a JSON value against a GraphQL output type (used for webhook bodies, which no executor checks):
 * unknown keys, missing non-null fields, wrong scalar kinds.
 */
export function shapeProblems(
  schema: GraphQLSchema,
  value: unknown,
  type: GraphQLOutputType,
  path = '$',
): string[] {
  if (value === null || value === undefined) return isNonNullType(type) ? [`${path} is null`] : [];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (!Array.isArray(value)) return [`${path} is not a list`];
    return value.flatMap((item, i) => shapeProblems(schema, item, inner.ofType, `${path}[${i}]`));
  }
  const named = getNamedType(inner);
  if (isScalarType(named)) {
    const kind = typeof value;
    const expected: Record<string, string> = {
      String: 'string',
      ID: 'string',
      Float: 'number',
      Int: 'number',
      Boolean: 'boolean',
    };
    const want = expected[named.name];
    return want === undefined || want === kind ? [] : [`${path} is ${kind}, not ${named.name}`];
  }
  if (isEnumType(named)) return typeof value === 'string' ? [] : [`${path} is not an enum value`];
  if (isUnionType(named)) return [];
  if (!isObjectType(named) || typeof value !== 'object') return [`${path} is not an object`];
  const fields = named.getFields();
  const problems: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const field = fields[key];
    if (field === undefined) problems.push(`${path}.${key} is not a field of ${named.name}`);
    else problems.push(...shapeProblems(schema, item, field.type, `${path}.${key}`));
  }
  for (const field of Object.values(fields)) {
    if (isNonNullType(field.type) && !(field.name in value))
      problems.push(`${path}.${field.name} is missing`);
  }
  return problems;
}

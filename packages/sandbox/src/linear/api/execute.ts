import {
  execute,
  getOperationAST,
  GraphQLError,
  isNonNullType,
  OperationTypeNode,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { entityResolvers } from '../views/entities.ts';
import type { Graph, TypeResolvers } from '../views/graph.ts';
import { issueResolvers } from '../views/issue.ts';
import { webhookResolvers } from '../views/webhook.ts';
import { iso } from '../world/dates.ts';
import { fallbackValue, Placeholder } from './defaults.ts';
import {
  errorEntry,
  LinearApiError,
  statusOf,
  type GraphQLErrorBody,
  type LinearErrorCode,
} from './errors.ts';
import { checkPageLimits } from './limits.ts';
import { mutationResolvers } from './mutation.ts';
import { queryResolvers } from './query.ts';

export interface GraphQLRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphQLReply {
  status: number;
  body: { data?: unknown; errors?: GraphQLErrorBody[] };
}

export interface Executor {
  run(request: GraphQLRequest, graph: Graph, options?: { readOnly?: boolean }): GraphQLReply;
}

const RESOLVERS: Record<string, TypeResolvers> = {
  ...entityResolvers,
  ...issueResolvers,
  ...webhookResolvers,
  ...queryResolvers,
  ...mutationResolvers,
};

const DOCUMENT_CACHE = 500;

function refuse(code: LinearErrorCode, message: string, userMessage?: string): GraphQLReply {
  return { status: statusOf(code), body: { errors: [errorEntry(code, message, userMessage)] } };
}

function fromGraphQLError(error: GraphQLError, code: LinearErrorCode): GraphQLErrorBody {
  const where = {
    ...(error.locations !== undefined ? { locations: error.locations } : {}),
    ...(error.path !== undefined ? { path: error.path } : {}),
  };
  return errorEntry(code, error.message, error.message, where);
}

/**
 * Parses, validates against Linear's published schema, checks page limits and executes with graphql-js. Field
 * resolvers come from per-type maps; a field the maps do not cover resolves to its type's fallback, so every valid
 * query answers. `onInternalError` hears about resolver bugs, which answer a generic message.
 */
export function createExecutor(schema: GraphQLSchema, onInternalError: (error: unknown) => void): Executor {
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  const queryType = schema.getQueryType();
  const mutationType = schema.getMutationType();

  const prepare = (query: string): DocumentNode | readonly GraphQLError[] => {
    const cached = documents.get(query);
    if (cached !== undefined) return cached;
    let prepared: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      prepared = errors.length > 0 ? errors : document;
    } catch (error) {
      prepared = [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
    }
    if (documents.size >= DOCUMENT_CACHE) documents.delete(documents.keys().next().value!);
    documents.set(query, prepared);
    return prepared;
  };

  const fieldResolver: GraphQLFieldResolver<unknown, Graph> = (source, args, g, info) => {
    const typeResolvers = RESOLVERS[info.parentType.name];
    const fn = typeResolvers?.[info.fieldName] as ((s: unknown, a: unknown, g: Graph) => unknown) | undefined;
    if (fn !== undefined) {
      const value = fn(source, args, g);
      if (value === undefined || (value === null && isNonNullType(info.returnType))) {
        return fallbackValue(info.returnType, source, info, g.store.codec, iso(g.nowMs));
      }
      return value;
    }
    if (info.parentType === mutationType) {
      throw new LinearApiError(
        'INPUT_ERROR',
        `Mutation ${info.fieldName} is not supported by the Linear sandbox`,
      );
    }
    const takesId =
      info.parentType.getFields()[info.fieldName]?.args.some((arg) => arg.name === 'id') === true;
    if (info.parentType === queryType && takesId && isNonNullType(info.returnType)) {
      throw new LinearApiError('INPUT_ERROR', `Entity not found: ${info.returnType.ofType.toString()}`);
    }
    if (
      typeResolvers === undefined &&
      source !== null &&
      typeof source === 'object' &&
      !(source instanceof Placeholder)
    ) {
      const value = (source as Record<string, unknown>)[info.fieldName];
      if (value !== undefined && (value !== null || !isNonNullType(info.returnType))) return value;
    }
    return fallbackValue(info.returnType, source, info, g.store.codec, iso(g.nowMs));
  };

  return {
    run(request, graph, options = {}) {
      if (typeof request.query !== 'string' || request.query.trim() === '') {
        return refuse('BAD_REQUEST', 'GraphQL operations must contain a non-empty `query`.');
      }
      const variables = request.variables ?? {};
      if (typeof variables !== 'object' || Array.isArray(variables)) {
        return refuse('BAD_REQUEST', '`variables` must be an object.');
      }
      const prepared = prepare(request.query);
      if (!('kind' in prepared)) {
        const parseFailed = prepared.length === 1 && prepared[0]!.message.startsWith('Syntax Error');
        const code = parseFailed ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
        return { status: 400, body: { errors: prepared.map((e) => fromGraphQLError(e, code)) } };
      }
      const operationName = typeof request.operationName === 'string' ? request.operationName : null;
      const operation = getOperationAST(prepared, operationName);
      if (operation === null || operation === undefined) {
        return refuse(
          'BAD_REQUEST',
          'Could not determine which operation to run: name it with `operationName`.',
        );
      }
      if (options.readOnly === true && operation.operation !== OperationTypeNode.QUERY) {
        return refuse('BAD_REQUEST', 'Only queries can be sent with GET.');
      }
      const limit = checkPageLimits(prepared, variables as Record<string, unknown>);
      if (limit !== null) return refuse(limit.code, limit.message, limit.userPresentableMessage);
      const result = execute({
        schema,
        document: prepared,
        contextValue: graph,
        variableValues: variables as Record<string, unknown>,
        operationName,
        fieldResolver,
      }) as ExecutionResult;
      if (result.data === undefined) {
        // Variables that do not fit their declared types: refused before execution.
        return {
          status: 400,
          body: { errors: (result.errors ?? []).map((e) => fromGraphQLError(e, 'INPUT_ERROR')) },
        };
      }
      if (result.errors === undefined) return { status: 200, body: { data: result.data } };
      const errors = result.errors.map((error) => {
        const original = error.originalError;
        if (original instanceof LinearApiError) {
          const body = fromGraphQLError(error, original.code);
          return {
            ...body,
            extensions: { ...body.extensions, userPresentableMessage: original.userPresentableMessage },
          };
        }
        if (original !== undefined && !(original instanceof GraphQLError)) {
          onInternalError(original);
          return { ...fromGraphQLError(error, 'INTERNAL_SERVER_ERROR'), message: 'Internal server error' };
        }
        return fromGraphQLError(error, 'INTERNAL_SERVER_ERROR');
      });
      return { status: 200, body: { data: result.data, errors } };
    },
  };
}

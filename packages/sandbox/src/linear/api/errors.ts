/** Linear's error codes (`errors[].extensions.code`) that the fake produces. */
export type LinearErrorCode =
  | 'AUTHENTICATION_ERROR'
  | 'RATELIMITED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'INPUT_ERROR'
  | 'INTERNAL_SERVER_ERROR';

/** An error a resolver or the transport raises on purpose; anything else is a bug and answers INTERNAL_SERVER_ERROR. */
export class LinearApiError extends Error {
  constructor(
    readonly code: LinearErrorCode,
    message: string,
    readonly userPresentableMessage: string = message,
  ) {
    super(message);
    this.name = 'LinearApiError';
  }
}

export interface GraphQLErrorBody {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: Record<string, unknown>;
}

interface CodeInfo {
  /** Linear's `extensions.type` text. */
  type: string;
  /** HTTP status of a response that failed before execution with this code. */
  status: number;
  userError: boolean;
}

function infoOf(code: LinearErrorCode): CodeInfo {
  switch (code) {
    case 'AUTHENTICATION_ERROR':
      return { type: 'authentication error', status: 401, userError: true };
    case 'RATELIMITED':
      return { type: 'ratelimited', status: 400, userError: true };
    case 'GRAPHQL_PARSE_FAILED':
    case 'GRAPHQL_VALIDATION_FAILED':
      return { type: 'graphql error', status: 400, userError: true };
    case 'BAD_REQUEST':
      return { type: 'invalid input', status: 400, userError: true };
    case 'INPUT_ERROR':
      return { type: 'invalid input', status: 400, userError: true };
    case 'INTERNAL_SERVER_ERROR':
      return { type: 'internal error', status: 500, userError: false };
  }
}

/** HTTP status for a request refused before execution. */
export function statusOf(code: LinearErrorCode): number {
  return infoOf(code).status;
}

/** One entry of a GraphQL `errors` array in Linear's shape. */
export function errorEntry(
  code: LinearErrorCode,
  message: string,
  userPresentableMessage: string = message,
  where: Pick<GraphQLErrorBody, 'locations' | 'path'> = {},
): GraphQLErrorBody {
  const info = infoOf(code);
  return {
    message,
    ...where,
    extensions: {
      type: info.type,
      code,
      statusCode: info.status,
      userError: info.userError,
      userPresentableMessage,
    },
  };
}

import type { ErrorCode } from '../errors/app-error.ts';

/** The one error body every HTTP answer uses. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: Record<string, unknown>;
    retry_after?: number;
    request_id: string;
  };
}

/** HTTP status of each error code; exhaustive, so a new code cannot be forgotten. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation_error':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'upstream_4xx':
      return 422;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    case 'upstream_5xx':
    case 'network_error':
      return 502;
    case 'timeout':
      return 504;
  }
}

export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  extra: { details?: Record<string, unknown> | undefined; retryAfter?: number | undefined } = {},
): ErrorBody {
  return {
    error: {
      code,
      message,
      ...(extra.details === undefined ? {} : { details: extra.details }),
      ...(extra.retryAfter === undefined ? {} : { retry_after: extra.retryAfter }),
      request_id: requestId,
    },
  };
}

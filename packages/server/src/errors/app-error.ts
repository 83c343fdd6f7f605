/**
 * The one error family of the back end. Every transport (HTTP, MCP, sync worker, CLI) maps `code` in one
 * exhaustive switch; `message` is safe to show a client, `details` too. Internal causes stay in `cause` and
 * are only logged.
 */
export const ERROR_CODES = [
  'validation_error',
  'rate_limited',
  'upstream_4xx',
  'upstream_5xx',
  'conflict',
  'not_found',
  'unauthorized',
  'forbidden',
  'timeout',
  'network_error',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorOptions {
  details?: Record<string, unknown>;
  /** Seconds the caller should wait before retrying (rate_limited, upstream 429/503). */
  retryAfter?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

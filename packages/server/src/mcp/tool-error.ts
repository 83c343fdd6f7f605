import { ZodError } from 'zod';
import { isAppError, type ErrorCode } from '../errors/app-error.ts';
import type { Logger } from '../observability/logger.ts';

/** The typed error every tool failure becomes (design rule 19). */
export interface ToolError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  retry_after?: number;
  request_id: string;
}

/**
 * Turns anything a tool threw into a ToolError. Client mistakes keep their message; internal failures are
 * logged and answered generically, never blamed on the client and never with their details.
 */
export function toToolError(error: unknown, requestId: string, logger: Logger): ToolError {
  if (error instanceof ZodError) {
    return {
      code: 'validation_error',
      message: `invalid arguments: ${error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      details: { issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      request_id: requestId,
    };
  }
  if (isAppError(error) && error.code !== 'internal') {
    return {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      ...(error.retryAfter === undefined ? {} : { retry_after: error.retryAfter }),
      request_id: requestId,
    };
  }
  logger.error({ err: isAppError(error) ? (error.cause ?? error) : error }, 'tool failed');
  return { code: 'internal', message: 'internal error', request_id: requestId };
}

import { AppError, type ErrorCode } from '../../errors/app-error.ts';
import type { UpstreamResponse } from './upstream-client.ts';

/** The error code of an upstream HTTP status. */
export function upstreamCode(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'upstream_5xx';
  return 'upstream_4xx';
}

/**
 * An AppError for an upstream answer. `messages` are the source's own words about what was wrong (JQL
 * errors, invalid fields): they reach the caller, capped in length. Never the request, its headers or
 * its credentials.
 */
export function upstreamError(
  source: string,
  response: Pick<UpstreamResponse, 'status'>,
  messages: readonly string[],
  details: Record<string, unknown> = {},
): AppError {
  const code = upstreamCode(response.status);
  const said = messages
    .map((m) => m.trim())
    .filter(Boolean)
    .slice(0, 5)
    .map((m) => (m.length > 500 ? `${m.slice(0, 500)}…` : m));
  const message =
    said.length > 0
      ? `${source} answered ${response.status}: ${said.join('; ')}`
      : `${source} answered ${response.status}`;
  return new AppError(code, message, { details: { upstream_status: response.status, ...details } });
}

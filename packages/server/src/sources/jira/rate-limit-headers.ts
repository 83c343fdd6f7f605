import type { ConnectionInfo } from '../source-adapter.ts';
import type { UpstreamResponse } from '../upstream/upstream-client.ts';

type Headers = UpstreamResponse['headers'];

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Epoch ms of Jira's `X-RateLimit-Reset`, an ISO 8601 instant (`2026-06-01T10:05Z`). */
function resetAtMs(headers: Headers): number | null {
  const raw = header(headers, 'x-ratelimit-reset');
  const at = raw === undefined ? Number.NaN : Date.parse(raw);
  return Number.isNaN(at) ? null : at;
}

/** Seconds until `X-RateLimit-Reset`, for a rate-limit answer that lacks a Retry-After. */
export function jiraRetryAfter(
  response: Pick<UpstreamResponse, 'headers'>,
  now: number = Date.now(),
): number | undefined {
  const at = resetAtMs(response.headers);
  return at === null ? undefined : Math.max(1, Math.ceil((at - now) / 1000));
}

/** Jira's `X-RateLimit-Limit/Remaining/Reset` on an answer, when it sends them (it does not always). */
export function rateLimitOf(headers: Headers): ConnectionInfo['rateLimit'] {
  const limitText = header(headers, 'x-ratelimit-limit');
  const remainingText = header(headers, 'x-ratelimit-remaining');
  if (limitText === undefined || remainingText === undefined) return null;
  const limit = Number(limitText);
  const remaining = Number(remainingText);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining)) return null;
  const at = resetAtMs(headers);
  return { limit, remaining, resetAt: at === null ? null : new Date(at).toISOString() };
}

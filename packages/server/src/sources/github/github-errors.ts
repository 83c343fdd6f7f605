import type { z } from 'zod';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { parseRetryAfter } from '../upstream/retry-after.ts';
import { upstreamError } from '../upstream/upstream-error.ts';
import { githubErrorBodySchema } from './github-schemas.ts';

type Headers = Record<string, string | number | undefined>;

/**
 * Seconds until GitHub lets this credential in again, when an answer is a rate limit: a 429, or a 403 that
 * says so (no quota left, or a secondary limit), per GitHub's documented rules. Undefined otherwise.
 */
export function rateLimitWait(
  status: number,
  headers: Headers,
  message: string,
  now = Date.now(),
): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = parseRetryAfter(headerText(headers['retry-after']), now);
  if (retryAfter !== undefined) return retryAfter;
  if (headerText(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headerText(headers['x-ratelimit-reset']));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset - now / 1000);
  }
  // A secondary limit without Retry-After: GitHub asks clients to wait at least a minute.
  if (status === 429 || /secondary rate limit|rate limit exceeded/i.test(message)) return 60;
  return undefined;
}

function headerText(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** GitHub's own words about a failure: its `message` and each entry of `errors`. Never the request. */
function messagesOf(data: unknown): string[] {
  const parsed = githubErrorBodySchema.safeParse(data);
  if (!parsed.success) return typeof data === 'string' && data.length < 500 ? [data] : [];
  const said = parsed.data.message === undefined ? [] : [parsed.data.message];
  for (const entry of parsed.data.errors ?? []) {
    if (typeof entry === 'string') said.push(entry);
    else if (entry.message !== undefined) said.push(entry.message);
    else said.push([entry.resource, entry.field, entry.code].filter(Boolean).join(' '));
  }
  return said;
}

/**
 * Turns whatever a GitHub call threw into an AppError. Octokit's RequestError carries the request (its
 * authorization header redacted, but still): only the status, GitHub's messages and the rate-limit wait
 * are kept, never the request or the error itself as a cause.
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (!isRequestError(error)) {
    return new AppError('internal', 'the GitHub client failed unexpectedly', { cause: error });
  }
  const response = error.response;
  if (response === undefined) return networkError(error);
  const messages = messagesOf(response.data);
  const wait = rateLimitWait(error.status, response.headers, messages.join(' '));
  if (wait !== undefined) {
    return new AppError('rate_limited', 'GitHub is rate limiting this instance', {
      retryAfter: Math.max(1, Math.ceil(wait)),
      details: { upstream_status: error.status },
    });
  }
  // A deleted issue answers 410 Gone: for a caller it is simply not there any more.
  if (error.status === 410) {
    const gone = upstreamError('github', { status: 410 }, messages);
    return new AppError('not_found', gone.message, { details: gone.details ?? {} });
  }
  return upstreamError('github', { status: error.status }, messages);
}

/** The shape of Octokit's RequestError (name `HttpError`), read without depending on its package. */
interface RequestErrorLike extends Error {
  status: number;
  response?: { headers: Headers; data: unknown } | undefined;
}

function isRequestError(error: unknown): error is RequestErrorLike {
  return (
    error instanceof Error &&
    error.name === 'HttpError' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

/** Octokit reports a failed fetch as a RequestError without a response; its cause is the network error. */
function networkError(error: RequestErrorLike): AppError {
  const cause: unknown = error.cause;
  const name = (cause as { name?: string }).name ?? '';
  const code =
    (cause as { cause?: { code?: string } }).cause?.code ?? (cause as { code?: string }).code ?? '';
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    (code.startsWith('UND_ERR_') && code.includes('TIMEOUT'))
  ) {
    return new AppError('timeout', 'github did not answer in time', { cause });
  }
  return new AppError('network_error', 'could not reach github', {
    cause,
    details: { reason: code || name || 'connection_failed' },
  });
}

/** Parses an upstream payload; a drifted one is a clear error naming the field, not a crash later. */
export function parseUpstream<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return failDrift(what, issues);
}

function failDrift(what: string, issues: string[]): never {
  throw new AppError('internal', `github answered an unexpected ${what}: ${issues.join('; ')}`, {
    details: { issues },
  });
}

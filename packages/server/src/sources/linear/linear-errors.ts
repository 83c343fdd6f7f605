import { z } from 'zod';
import { AppError, type ErrorCode } from '../../errors/app-error.ts';
import { upstreamError } from '../upstream/upstream-error.ts';
import type { UpstreamResponse } from '../upstream/upstream-client.ts';

const graphqlErrorSchema = z
  .object({
    message: z.string(),
    extensions: z
      .object({
        code: z.string().optional(),
        type: z.string().optional(),
        userPresentableMessage: z.string().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type LinearGraphQLError = z.infer<typeof graphqlErrorSchema>;

const errorBodySchema = z.object({ errors: z.array(graphqlErrorSchema).min(1) }).loose();

/** The GraphQL errors of an answer, or null when it has none in Linear's shape. */
export function graphqlErrorsOf(body: unknown): LinearGraphQLError[] | null {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success ? parsed.data.errors : null;
}

/** Linear's rate-limit answer: an HTTP 400 (or, defensively, any status) whose error says RATELIMITED. */
export function isLinearRateLimited(response: UpstreamResponse): boolean {
  return graphqlErrorsOf(response.body)?.some((e) => e.extensions?.code === 'RATELIMITED') ?? false;
}

const MIN_WAIT_SECONDS = 1;

function header(response: Pick<UpstreamResponse, 'headers'>, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Seconds until Linear's rate-limit window resets: `X-RateLimit-Requests-Reset` (epoch ms), else the complexity
 * budget's reset, else undefined (UpstreamClient then backs off with jitter). Never under a second: the reset is
 * read on Linear's clock, and a clock behind ours would otherwise turn the wait into a burst of refused retries.
 */
export function linearRetryAfter(
  response: Pick<UpstreamResponse, 'headers'>,
  now: number = Date.now(),
): number | undefined {
  for (const name of ['x-ratelimit-requests-reset', 'x-ratelimit-complexity-reset']) {
    const raw = header(response, name);
    if (raw === undefined || !/^\d+$/.test(raw.trim())) continue;
    return Math.max(MIN_WAIT_SECONDS, (Number(raw) - now) / 1000);
  }
  return undefined;
}

const CODES: Record<string, ErrorCode> = {
  AUTHENTICATION_ERROR: 'unauthorized',
  FORBIDDEN: 'forbidden',
  RATELIMITED: 'rate_limited',
  INTERNAL_SERVER_ERROR: 'upstream_5xx',
};

/** Linear reports an unknown id as an input error whose message says so; callers need `not_found`. */
const NOT_FOUND = /entity not found|could not find referenced/i;

function codeOf(error: LinearGraphQLError, status: number): ErrorCode {
  const known = CODES[error.extensions?.code ?? ''];
  if (known !== undefined) return known;
  if (NOT_FOUND.test(error.message) || NOT_FOUND.test(error.extensions?.userPresentableMessage ?? '')) {
    return 'not_found';
  }
  // INPUT_ERROR, INVALID_INPUT, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST...: Linear refused what we sent.
  return status >= 500 ? 'upstream_5xx' : 'upstream_4xx';
}

function wordsOf(error: LinearGraphQLError): string {
  const user = error.extensions?.userPresentableMessage;
  return user !== undefined && user !== error.message ? `${error.message} (${user})` : error.message;
}

/**
 * The AppError of a failed Linear answer: GraphQL errors (in a 200, 400 or 401 body) by their code, else the HTTP
 * status. Linear's own messages reach the caller with `secret` cut out, should an answer ever echo it.
 */
export function linearError(response: UpstreamResponse, secret: string): AppError {
  const redact = (text: string): string => (secret === '' ? text : text.split(secret).join('[redacted]'));
  const errors = graphqlErrorsOf(response.body);
  if (errors === null) {
    const text = typeof response.body === 'string' ? [redact(response.body.slice(0, 500))] : [];
    return upstreamError('linear', response, text);
  }
  const first = errors[0]!;
  const code = response.status === 401 ? 'unauthorized' : codeOf(first, response.status);
  const said = errors
    .slice(0, 5)
    .map((e) => redact(wordsOf(e)).slice(0, 500))
    .join('; ');
  const retryAfter = code === 'rate_limited' ? Math.ceil(linearRetryAfter(response) ?? 60) : undefined;
  return new AppError(code, `linear answered ${response.status}: ${said}`, {
    details: {
      upstream_status: response.status,
      ...(first.extensions?.code !== undefined ? { upstream_code: first.extensions.code } : {}),
    },
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  });
}

/** Whether an answer failed: a non-2xx status, or GraphQL errors beside (partial) data. */
export function isLinearFailure(response: UpstreamResponse): boolean {
  return response.status < 200 || response.status >= 300 || graphqlErrorsOf(response.body) !== null;
}

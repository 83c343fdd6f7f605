import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { UpstreamResponse } from '../upstream/upstream-client.ts';
import { upstreamError } from '../upstream/upstream-error.ts';

/**
 * Jira's error bodies: `{"errorMessages": [...], "errors": {"field": "message"}}` from the REST layer, and
 * `{"message": ..., "status-code": 401}` from its edge (bad credentials).
 */
const jiraErrorBodySchema = z
  .object({
    errorMessages: z.array(z.string()).optional(),
    errors: z.record(z.string(), z.string()).optional(),
    message: z.string().optional(),
  })
  .loose();

/** Jira's own words about a failed request: they reach the caller (JQL errors, invalid fields). */
export function jiraMessages(body: unknown): string[] {
  const parsed = jiraErrorBodySchema.safeParse(body);
  if (!parsed.success) return [];
  const { errorMessages = [], errors = {}, message } = parsed.data;
  return [
    ...errorMessages,
    ...Object.entries(errors).map(([field, text]) => `${field}: ${text}`),
    ...(message === undefined ? [] : [message]),
  ];
}

/** The AppError of a non-2xx Jira answer. */
export function jiraError(response: UpstreamResponse): AppError {
  return upstreamError('jira', response, jiraMessages(response.body));
}

/** An AppError for a 2xx answer whose payload does not have the shape this adapter reads. */
export function unexpectedPayload(what: string, error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return new AppError(
    'upstream_5xx',
    `jira answered ${what} with a payload this adapter cannot read: ${issues.join('; ')}`,
    {
      details: { reason: 'unexpected_payload' },
    },
  );
}

/** Statuses the Jira fake answers errors with. */
export type JiraErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 429 | 500 | 502 | 503;

/** A Jira error: HTTP status and the `{"errorMessages": [...], "errors": {...}}` body. */
export interface JiraFailure {
  status: JiraErrorStatus;
  errorMessages: string[];
  errors: Record<string, string>;
}

export type JiraResult<T> = { ok: true; value: T } | { ok: false; failure: JiraFailure };

export function ok<T>(value: T): JiraResult<T> {
  return { ok: true, value };
}

export function failure(
  status: JiraErrorStatus,
  errorMessages: string[],
  errors: Record<string, string> = {},
): { ok: false; failure: JiraFailure } {
  return { ok: false, failure: { status, errorMessages, errors } };
}

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

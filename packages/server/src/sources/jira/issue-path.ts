import { AppError } from '../../errors/app-error.ts';

/** The REST path of one issue (by key or id), with an optional sub-resource such as `/comment`. */
export function issuePath(key: string, suffix = ''): string {
  if (key.trim() === '' || key.length > 255)
    throw new AppError('validation_error', 'key: must be a Jira issue key or id');
  return `/rest/api/3/issue/${encodeURIComponent(key)}${suffix}`;
}

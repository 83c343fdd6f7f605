import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

/** Printable ASCII without spaces: anything else could not travel in an Authorization header intact. */
const headerSafe = /^[\x21-\x7e]+$/;

/**
 * Jira Cloud credentials: an Atlassian account e-mail with an API token (Basic), or an OAuth 2.0 (3LO)
 * access token (Bearer; the instance's base URL is then `https://api.atlassian.com/ex/jira/<cloudId>`).
 */
export const jiraCredentialsSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('basic'),
    email: z.email().max(254),
    api_token: z
      .string()
      .min(1)
      .max(1024)
      .regex(headerSafe, { error: 'must be printable ASCII without spaces' }),
  }),
  z.strictObject({
    type: z.literal('oauth'),
    access_token: z
      .string()
      .min(1)
      .max(8192)
      .regex(headerSafe, { error: 'must be printable ASCII without spaces' }),
  }),
]);
export type JiraCredentials = z.infer<typeof jiraCredentialsSchema>;

/** Parses stored credentials; the error names the invalid members, never their values. */
export function parseJiraCredentials(value: unknown): JiraCredentials {
  const parsed = jiraCredentialsSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('validation_error', 'Invalid Jira credentials.', {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  return parsed.data;
}

export function jiraAuthorization(credentials: JiraCredentials): string {
  if (credentials.type === 'oauth') return `Bearer ${credentials.access_token}`;
  return `Basic ${Buffer.from(`${credentials.email}:${credentials.api_token}`).toString('base64')}`;
}

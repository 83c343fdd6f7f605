import { ASANA_DEFAULT_TOKEN } from './asana/index.ts';
import type { ServiceName } from './core/service.ts';
import { GITHUB_DEFAULT_TOKEN } from './github/index.ts';
import { DEFAULT_JIRA_EMAIL, DEFAULT_JIRA_TOKEN } from './jira/index.ts';
import { SANDBOX_LINEAR_KEY } from './linear/index.ts';

/** A credential a fake accepts out of the box, and the `Authorization` header that carries it. */
export interface DefaultCredential {
  /** How the real service names this kind of credential. */
  kind: string;
  /** The secret(s), as a client configures them. */
  values: Record<string, string>;
  authorization: string;
}

function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

/**
 * Default credentials per service (for the README and the start-up banner). Services accept more through
 * `extraCredentials`; a wrong credential is refused as the real service refuses it.
 */
export const defaultCredentials: Record<ServiceName, DefaultCredential> = {
  jira: {
    kind: 'Basic auth with an Atlassian account e-mail and API token',
    values: { email: DEFAULT_JIRA_EMAIL, apiToken: DEFAULT_JIRA_TOKEN },
    authorization: basic(DEFAULT_JIRA_EMAIL, DEFAULT_JIRA_TOKEN),
  },
  github: {
    kind: 'Personal access token (Bearer or token scheme)',
    values: { token: GITHUB_DEFAULT_TOKEN },
    authorization: `Bearer ${GITHUB_DEFAULT_TOKEN}`,
  },
  asana: {
    kind: 'Personal access token (Bearer)',
    values: { token: ASANA_DEFAULT_TOKEN },
    authorization: `Bearer ${ASANA_DEFAULT_TOKEN}`,
  },
  linear: {
    kind: 'Personal API key, sent bare in Authorization (no Bearer)',
    values: { apiKey: SANDBOX_LINEAR_KEY },
    authorization: SANDBOX_LINEAR_KEY,
  },
};

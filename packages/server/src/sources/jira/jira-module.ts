import type { SourceModule } from '../adapter-factory.ts';
import { JiraAdapter } from './jira-adapter.ts';
import { jiraCredentialsSchema, parseJiraCredentials } from './jira-credentials.ts';
import { jiraWebhookVerifier } from './jira-webhook.ts';

/** Jira Cloud (REST v3): Basic e-mail + API token, or an OAuth 2.0 access token. */
export const jiraModule: SourceModule = {
  source: 'jira',
  credentialsSchema: jiraCredentialsSchema,
  authTypeOf: (credentials) => (parseJiraCredentials(credentials).type === 'basic' ? 'basic' : 'oauth'),
  createAdapter: (connection, deps) => new JiraAdapter(connection, deps),
  webhook: jiraWebhookVerifier,
};

import type { SourceModule } from '../adapter-factory.ts';
import { LinearAdapter } from './linear-adapter.ts';
import { linearAuthType, linearCredentialsSchema } from './linear-credentials.ts';
import { createLinearWebhookVerifier } from './linear-webhook.ts';

/**
 * Linear: `{ type: 'api_key', api_key }` (sent bare) or `{ type: 'oauth', access_token }` (sent as Bearer); base URL
 * the API origin (`https://api.linear.app`). Projects are teams, items are issues keyed by identifier.
 */
export const linearModule: SourceModule = {
  source: 'linear',
  credentialsSchema: linearCredentialsSchema,
  authTypeOf: linearAuthType,
  createAdapter: (connection, deps) => new LinearAdapter(connection, deps),
  webhook: createLinearWebhookVerifier(),
};

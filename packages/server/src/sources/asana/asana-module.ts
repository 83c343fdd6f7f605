import type { SourceModule } from '../adapter-factory.ts';
import { AsanaAdapter } from './asana-adapter.ts';
import { asanaCredentialsSchema } from './asana-credentials.ts';
import { asanaWebhook } from './asana-webhook.ts';

/** Asana: `{ token }` as a bearer token, base URL the API root (`https://app.asana.com/api/1.0`). */
export const asanaModule: SourceModule = {
  source: 'asana',
  credentialsSchema: asanaCredentialsSchema,
  authTypeOf: () => 'bearer',
  createAdapter: (connection, deps) => new AsanaAdapter(connection, deps),
  webhook: asanaWebhook,
};

import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { KvServices } from '../../kv/kv-services.ts';
import type { JiraInstances } from './jira-instances.ts';

/** What every Jira tool works with, built once from the AppContext in mcp-jira-spec.ts. */
export interface McpJiraDeps {
  /** The runtime (RLS) connection; tenant data only through withTenant. */
  db: Kysely<Database>;
  kv: Pick<KvServices, 'cache' | 'idempotency' | 'rateLimiter'>;
  instances: JiraInstances;
}

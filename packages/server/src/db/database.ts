import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Kysely table types of the schema in ../../migrations. Timestamps are read as Date; jsonb as unknown
 * (each reader parses it with its own zod schema).
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DefaultedJson = ColumnType<unknown, string | undefined, string>;

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  created_at: DefaultedTimestamp;
  deleted_at: Timestamp | null;
}

export interface UsersTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  display_name: Generated<string>;
  created_at: DefaultedTimestamp;
}

export interface ApiTokensTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string | null;
  name: Generated<string>;
  token_hash: Buffer;
  scopes: string[];
  created_at: DefaultedTimestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SourceInstancesTable {
  tenant_id: string;
  id: Generated<string>;
  source_type: 'jira' | 'github' | 'asana' | 'linear';
  name: string;
  base_url: string;
  auth_type: 'basic' | 'bearer' | 'api_key' | 'oauth';
  credentials_encrypted: string;
  mapping: DefaultedJson;
  sync_settings: DefaultedJson;
  sync_state: DefaultedJson;
  status: Generated<'active' | 'paused' | 'error'>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  deleted_at: Timestamp | null;
  webhook_secret_encrypted: string | null;
  next_sync_at: Timestamp | null;
}

export interface AuditLogTable {
  tenant_id: string;
  id: Generated<string>;
  at: DefaultedTimestamp;
  request_id: string;
  token_id: string | null;
  user_id: string | null;
  instance_id: string | null;
  action: string;
  arguments: DefaultedJson;
  outcome: 'success' | 'error' | 'replayed';
  error_code: string | null;
  upstream_status: number | null;
  duration_ms: number | null;
}

export interface SyncJobsTable {
  tenant_id: string;
  id: Generated<string>;
  instance_id: string;
  kind: 'backfill' | 'incremental';
  status: Generated<'pending' | 'running' | 'completed' | 'failed' | 'cancelled'>;
  params: DefaultedJson;
  checkpoint: DefaultedJson;
  progress: DefaultedJson;
  counts: DefaultedJson;
  error: string | null;
  attempts: Generated<number>;
  cancel_requested: Generated<boolean>;
  locked_by: string | null;
  heartbeat_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface ProjectsTable {
  tenant_id: string;
  id: Generated<string>;
  instance_id: string;
  source_id: string;
  key: string;
  name: Generated<string>;
  team: string | null;
  raw_payload: DefaultedJson;
  is_deleted: Generated<boolean>;
  last_synced_at: Timestamp | null;
}

export interface WorkItemsTable {
  tenant_id: string;
  id: Generated<string>;
  instance_id: string;
  source: 'jira' | 'github' | 'asana' | 'linear';
  source_id: string;
  source_key: string;
  project_key: string;
  title: string;
  description: string | null;
  type: string;
  original_type: string;
  status: string;
  original_status: string;
  status_category: string;
  priority: string;
  original_priority: string | null;
  assignee_account_id: string | null;
  assignee_name: string | null;
  reporter_account_id: string | null;
  reporter_name: string | null;
  labels: string[];
  team: string | null;
  parent_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  status_changed_at: Timestamp | null;
  is_deleted: Generated<boolean>;
  custom_fields: DefaultedJson;
  raw_payload: DefaultedJson;
  synced_at: DefaultedTimestamp;
}

export interface WorkItemTransitionsTable {
  tenant_id: string;
  id: Generated<string>;
  work_item_id: string;
  instance_id: string;
  source_event_id: string;
  from_status: string | null;
  to_status: string;
  from_original: string | null;
  to_original: string;
  from_category: string | null;
  to_category: string;
  actor_account_id: string | null;
  actor_name: string | null;
  transitioned_at: Timestamp;
}

export interface SchemaMigrationsTable {
  version: string;
  name: string;
  checksum: string;
  applied_at: DefaultedTimestamp;
}

/**
 * The tables the foundation's code reads and writes. Later layers (sync, MCP SQL) add their tables here
 * as they start using them.
 */
export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  source_instances: SourceInstancesTable;
  audit_log: AuditLogTable;
  schema_migrations: SchemaMigrationsTable;
  sync_jobs: SyncJobsTable;
  projects: ProjectsTable;
  work_items: WorkItemsTable;
  work_item_transitions: WorkItemTransitionsTable;
}

export type Tenant = Selectable<TenantsTable>;
export type NewAuditRow = Insertable<AuditLogTable>;

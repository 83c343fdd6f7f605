import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Kysely table types of the schema in ../../migrations. Timestamps are read as Date; jsonb as unknown
 * (each reader parses it with its own zod schema).
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;
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
}

export type Tenant = Selectable<TenantsTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
export type { Json };

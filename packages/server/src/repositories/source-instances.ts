import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { instanceMappingSchema, type InstanceMapping } from '../sources/normalize/instance-mapping.ts';
import type { SourceType } from '../sources/source-type.ts';
import {
  syncSettingsSchema,
  syncStateSchema,
  type SyncSettings,
  type SyncState,
} from '../sync/sync-settings.ts';

/** A source instance as the code uses it; the credentials stay sealed until an adapter needs them. */
export interface SourceInstance {
  tenantId: string;
  id: string;
  source: SourceType;
  name: string;
  baseUrl: string;
  authType: 'basic' | 'bearer' | 'api_key' | 'oauth';
  credentialsEncrypted: string;
  webhookSecretEncrypted: string | null;
  mapping: InstanceMapping;
  settings: SyncSettings;
  state: SyncState;
  status: 'active' | 'paused' | 'error';
  createdAt: Date;
  updatedAt: Date;
  nextSyncAt: Date | null;
}

type Row = Awaited<ReturnType<typeof selectRows>>[number];

function selectRows(trx: Transaction<Database>, tenantId: string) {
  return trx
    .selectFrom('source_instances')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .execute();
}

function toInstance(row: Row): SourceInstance {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    source: row.source_type,
    name: row.name,
    baseUrl: row.base_url,
    authType: row.auth_type,
    credentialsEncrypted: row.credentials_encrypted,
    webhookSecretEncrypted: row.webhook_secret_encrypted,
    mapping: instanceMappingSchema.parse(row.mapping),
    settings: syncSettingsSchema.parse(row.sync_settings),
    state: syncStateSchema.parse(row.sync_state),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextSyncAt: row.next_sync_at,
  };
}

export async function listInstances(trx: Transaction<Database>, tenantId: string): Promise<SourceInstance[]> {
  return (await selectRows(trx, tenantId))
    .map(toInstance)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** A live instance of the tenant; another tenant's id answers like an unknown one (undefined). */
export async function findInstance(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
): Promise<SourceInstance | undefined> {
  const row = await trx
    .selectFrom('source_instances')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row === undefined ? undefined : toInstance(row);
}

export interface NewInstanceRow {
  tenantId: string;
  id: string;
  source: SourceType;
  name: string;
  baseUrl: string;
  authType: SourceInstance['authType'];
  credentialsEncrypted: string;
  webhookSecretEncrypted: string;
  mapping: InstanceMapping;
  settings: SyncSettings;
}

export async function insertInstance(
  trx: Transaction<Database>,
  row: NewInstanceRow,
): Promise<SourceInstance> {
  const inserted = await trx
    .insertInto('source_instances')
    .values({
      tenant_id: row.tenantId,
      id: row.id,
      source_type: row.source,
      name: row.name,
      base_url: row.baseUrl,
      auth_type: row.authType,
      credentials_encrypted: row.credentialsEncrypted,
      webhook_secret_encrypted: row.webhookSecretEncrypted,
      mapping: JSON.stringify(row.mapping),
      sync_settings: JSON.stringify(row.settings),
      sync_state: JSON.stringify(syncStateSchema.parse({})),
      deleted_at: null,
      next_sync_at: row.settings.interval_seconds > 0 ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toInstance(inserted);
}

export type InstancePatch = Partial<{
  name: string;
  baseUrl: string;
  authType: SourceInstance['authType'];
  credentialsEncrypted: string;
  mapping: InstanceMapping;
  settings: SyncSettings;
  state: SyncState;
  status: SourceInstance['status'];
  nextSyncAt: Date | null;
}>;

export async function updateInstance(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  patch: InstancePatch,
): Promise<SourceInstance | undefined> {
  const row = await trx
    .updateTable('source_instances')
    .set({
      updated_at: sql<Date>`now()`,
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.baseUrl === undefined ? {} : { base_url: patch.baseUrl }),
      ...(patch.authType === undefined ? {} : { auth_type: patch.authType }),
      ...(patch.credentialsEncrypted === undefined
        ? {}
        : { credentials_encrypted: patch.credentialsEncrypted }),
      ...(patch.mapping === undefined ? {} : { mapping: JSON.stringify(patch.mapping) }),
      ...(patch.settings === undefined ? {} : { sync_settings: JSON.stringify(patch.settings) }),
      ...(patch.state === undefined ? {} : { sync_state: JSON.stringify(patch.state) }),
      ...(patch.status === undefined ? {} : { status: patch.status }),
      ...(patch.nextSyncAt === undefined ? {} : { next_sync_at: patch.nextSyncAt }),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toInstance(row);
}

/** Soft delete: the instance disappears from every read; its items stay for history until purged. */
export async function softDeleteInstance(
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('source_instances')
    .set({ deleted_at: sql<Date>`now()`, next_sync_at: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

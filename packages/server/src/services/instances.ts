import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Keyring } from '../crypto/keyring.ts';
import { encryptSecret } from '../crypto/secret-box.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/with-tenant.ts';
import { AppError } from '../errors/app-error.ts';
import { appendAudit } from '../repositories/audit-log.ts';
import {
  findInstance,
  insertInstance,
  listInstances,
  softDeleteInstance,
  updateInstance,
  type SourceInstance,
} from '../repositories/source-instances.ts';
import type { SourceModules } from '../sources/adapter-provider.ts';
import type { SourceModule } from '../sources/adapter-factory.ts';
import { parseBaseUrl } from '../sources/upstream/network-policy.ts';
import { syncSettingsSchema } from '../sync/sync-settings.ts';
import { sealCredentials } from './credentials.ts';
import type { CreateInstanceBody, InstanceView, PatchInstanceBody } from './instance-input.ts';
import { renormalizeInstance } from './renormalize.ts';
import type { RecomputeMetrics } from '../sync/run-job.ts';

export interface InstanceServiceDeps {
  runtime: Kysely<Database>;
  keyring: Keyring;
  modules: SourceModules;
  recomputeMetrics: RecomputeMetrics;
}

/** Who asked, for the audit log. */
export interface Actor {
  tenantId: string;
  tokenId: string;
  userId: string | null;
  requestId: string;
}

export function webhookContext(tenantId: string, instanceId: string): string {
  return `source_instance_webhook:${tenantId}:${instanceId}`;
}

export function presentInstance(instance: SourceInstance): InstanceView {
  return {
    id: instance.id,
    source_type: instance.source,
    name: instance.name,
    base_url: instance.baseUrl,
    auth_type: instance.authType,
    status: instance.status,
    mapping: instance.mapping,
    sync_settings: instance.settings,
    sync_state: {
      watermarks: instance.state.watermarks,
      last_backfill_at: instance.state.last_backfill_at,
      last_sync_at: instance.state.last_sync_at,
      last_error: instance.state.last_error,
    },
    webhook_path: `/api/v1/webhooks/${instance.tenantId}/${instance.id}`,
    created_at: instance.createdAt.toISOString(),
    updated_at: instance.updatedAt.toISOString(),
  };
}

function moduleFor(modules: SourceModules, source: SourceInstance['source']): SourceModule {
  const module = modules[source];
  if (module === undefined)
    throw new AppError('validation_error', `source type '${source}' is not supported`);
  return module;
}

/** Checks credentials with the source's schema; the error names fields, never their values. */
function parseCredentials(module: SourceModule, credentials: unknown): unknown {
  const parsed = module.credentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    throw new AppError('validation_error', 'credentials: not valid for this source', {
      details: {
        issues: parsed.error.issues.map((i) => ({
          path: ['credentials', ...i.path].join('.'),
          message: i.message,
        })),
      },
    });
  }
  return parsed.data;
}

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';

export async function createInstance(
  deps: InstanceServiceDeps,
  actor: Actor,
  body: CreateInstanceBody,
): Promise<{ instance: InstanceView; webhook_secret: string }> {
  const module = moduleFor(deps.modules, body.source_type);
  const settings = syncSettingsSchema.parse(body.sync_settings ?? {});
  const baseUrl = parseBaseUrl(body.base_url, { allowLinkLocal: settings.allow_link_local });
  const credentials = parseCredentials(module, body.credentials);
  const id = randomUUID();
  const webhookSecret = randomBytes(32).toString('hex');
  try {
    const instance = await withTenant(deps.runtime, actor.tenantId, async (trx) => {
      const created = await insertInstance(trx, {
        tenantId: actor.tenantId,
        id,
        source: body.source_type,
        name: body.name,
        baseUrl: baseUrl.toString().replace(/\/$/, ''),
        authType: module.authTypeOf(credentials),
        credentialsEncrypted: sealCredentials(deps.keyring, actor.tenantId, id, credentials),
        webhookSecretEncrypted: encryptSecret(
          deps.keyring,
          webhookSecret,
          webhookContext(actor.tenantId, id),
        ),
        mapping: body.mapping ?? {},
        settings,
      });
      await audit(trx, actor, id, 'instance.create', {
        source_type: body.source_type,
        name: body.name,
        base_url: created.baseUrl,
      });
      return created;
    });
    return { instance: presentInstance(instance), webhook_secret: webhookSecret };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', `an instance named '${body.name}' already exists`);
    throw error;
  }
}

export async function listTenantInstances(
  deps: InstanceServiceDeps,
  tenantId: string,
): Promise<InstanceView[]> {
  return (await withTenant(deps.runtime, tenantId, (trx) => listInstances(trx, tenantId))).map(
    presentInstance,
  );
}

/** The tenant's instance, or not_found (also for another tenant's id: the same answer). */
export async function requireInstance(
  deps: Pick<InstanceServiceDeps, 'runtime'>,
  tenantId: string,
  id: string,
): Promise<SourceInstance> {
  const instance = await withTenant(deps.runtime, tenantId, (trx) => findInstance(trx, tenantId, id));
  if (instance === undefined) throw new AppError('not_found', 'no such instance');
  return instance;
}

export async function patchInstance(
  deps: InstanceServiceDeps,
  actor: Actor,
  id: string,
  body: PatchInstanceBody,
): Promise<InstanceView> {
  const current = await requireInstance(deps, actor.tenantId, id);
  const module = moduleFor(deps.modules, current.source);
  const settings =
    body.sync_settings === undefined
      ? undefined
      : syncSettingsSchema.parse({ ...current.settings, ...body.sync_settings });
  const policy = { allowLinkLocal: (settings ?? current.settings).allow_link_local };
  const baseUrl = parseBaseUrl(body.base_url ?? current.baseUrl, policy)
    .toString()
    .replace(/\/$/, '');
  const credentials = body.credentials === undefined ? undefined : parseCredentials(module, body.credentials);
  try {
    const updated = await withTenant(deps.runtime, actor.tenantId, async (trx) => {
      const row = await updateInstance(trx, actor.tenantId, id, {
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.base_url === undefined ? {} : { baseUrl }),
        ...(credentials === undefined
          ? {}
          : {
              credentialsEncrypted: sealCredentials(deps.keyring, actor.tenantId, id, credentials),
              authType: module.authTypeOf(credentials),
            }),
        ...(body.mapping === undefined ? {} : { mapping: body.mapping }),
        ...(settings === undefined ? {} : { settings }),
        ...(body.status === undefined ? {} : { status: body.status }),
      });
      if (row === undefined) throw new AppError('not_found', 'no such instance');
      if (body.mapping !== undefined) await renormalizeInstance(trx, row, deps.recomputeMetrics);
      await audit(trx, actor, id, 'instance.update', {
        fields: Object.keys(body),
        ...(body.mapping === undefined ? {} : { mapping: body.mapping }),
        ...(body.sync_settings === undefined ? {} : { sync_settings: body.sync_settings }),
      });
      return row;
    });
    return presentInstance(updated);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `an instance with that name already exists`);
    throw error;
  }
}

export async function deleteInstance(deps: InstanceServiceDeps, actor: Actor, id: string): Promise<void> {
  await withTenant(deps.runtime, actor.tenantId, async (trx) => {
    if (!(await softDeleteInstance(trx, actor.tenantId, id)))
      throw new AppError('not_found', 'no such instance');
    await audit(trx, actor, id, 'instance.delete', {});
  });
}

export async function audit(
  trx: Parameters<Parameters<typeof withTenant>[2]>[0],
  actor: Actor,
  instanceId: string | null,
  action: string,
  args: Record<string, unknown>,
): Promise<void> {
  await appendAudit(trx, {
    tenantId: actor.tenantId,
    requestId: actor.requestId,
    tokenId: actor.tokenId,
    userId: actor.userId,
    instanceId,
    action,
    arguments: args,
    outcome: 'success',
  });
}

export const instanceIdParams = z.strictObject({ id: z.uuid({ error: 'must be an instance id (a UUID)' }) });

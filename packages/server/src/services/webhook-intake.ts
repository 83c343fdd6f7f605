import { sql } from 'kysely';
import { decryptSecret, encryptSecret } from '../crypto/secret-box.ts';
import { withTenant } from '../db/with-tenant.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import { findInstance, type SourceInstance } from '../repositories/source-instances.ts';
import type { SourceItem } from '../sources/source-item.ts';
import { writeItems } from '../sync/write-items.ts';
import { webhookContext } from './instances.ts';
import type { SyncServiceDeps } from './sync-jobs.ts';

/** Keys one delivery may name; more is refused rather than fetched. */
const MAX_KEYS = 50;
const day = (d: Date): string => d.toISOString().slice(0, 10);

export interface WebhookDelivery {
  tenantId: string;
  instanceId: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export type WebhookOutcome =
  { kind: 'handshake'; secret: string } | { kind: 'applied'; keys: string[]; deleted: string[] };

async function loadInstance(
  deps: SyncServiceDeps,
  tenantId: string,
  instanceId: string,
): Promise<SourceInstance> {
  const instance = await withTenant(deps.runtime, tenantId, (trx) => findInstance(trx, tenantId, instanceId));
  if (instance === undefined) throw new AppError('not_found', 'no such webhook endpoint');
  return instance;
}

/**
 * Handles one webhook delivery: Asana's X-Hook-Secret handshake (the first one sets the secret), otherwise
 * a signature check with the instance's secret, then each item the delivery names is fetched from the
 * source and written, so the change lands within seconds. Unsigned or forged deliveries change nothing.
 */
export async function receiveWebhook(
  deps: SyncServiceDeps,
  delivery: WebhookDelivery,
): Promise<WebhookOutcome> {
  const instance = await loadInstance(deps, delivery.tenantId, delivery.instanceId);
  const module = deps.modules[instance.source];
  if (module === undefined) throw new AppError('not_found', 'no such webhook endpoint');
  const context = webhookContext(instance.tenantId, instance.id);

  const handshake = delivery.headers['x-hook-secret'];
  if (instance.source === 'asana' && typeof handshake === 'string') {
    if (instance.state.asana_hook_confirmed === true)
      throw new AppError('forbidden', 'this webhook is already established');
    if (!/^[A-Za-z0-9]{16,128}$/.test(handshake))
      throw new AppError('validation_error', 'malformed X-Hook-Secret');
    await withTenant(deps.runtime, instance.tenantId, (trx) =>
      sql`update source_instances
          set webhook_secret_encrypted = ${encryptSecret(deps.keyring, handshake, context)},
              sync_state = sync_state || '{"asana_hook_confirmed": true}'::jsonb
          where tenant_id = ${instance.tenantId}::uuid and id = ${instance.id}::uuid`.execute(trx),
    );
    return { kind: 'handshake', secret: handshake };
  }

  if (instance.webhookSecretEncrypted === null)
    throw new AppError('unauthorized', 'webhook signature is not valid');
  const secret = decryptSecret(deps.keyring, instance.webhookSecretEncrypted, context);
  if (!module.webhook.verify(delivery.headers, delivery.rawBody, secret)) {
    throw new AppError('unauthorized', 'webhook signature is not valid');
  }
  let body: unknown;
  try {
    body = JSON.parse(delivery.rawBody.toString('utf8'));
  } catch {
    throw new AppError('validation_error', 'webhook body is not JSON');
  }
  const { keys } = module.webhook.parse(body);
  const unique = [...new Set(keys)];
  if (unique.length > MAX_KEYS)
    throw new AppError('validation_error', `a delivery may name at most ${MAX_KEYS} items`);
  return { kind: 'applied', ...(await refreshItems(deps, instance, unique)) };
}

/** Fetches the named items and writes them; an item the source no longer has is marked deleted. */
async function refreshItems(
  deps: SyncServiceDeps,
  instance: SourceInstance,
  keys: string[],
): Promise<{ keys: string[]; deleted: string[] }> {
  const adapter = deps.adapterFor(instance);
  const items: SourceItem[] = [];
  const deleted: string[] = [];
  try {
    for (const key of keys) {
      try {
        items.push(await adapter.getItem(key));
      } catch (error) {
        if (isAppError(error) && error.code === 'not_found') deleted.push(key);
        else throw error;
      }
    }
  } finally {
    await adapter.close();
  }
  const { tenantId } = instance;
  await withTenant(deps.runtime, tenantId, async (trx) => {
    await writeItems(
      trx,
      { tenantId, instanceId: instance.id, source: instance.source, mapping: instance.mapping },
      items,
    );
    if (deleted.length > 0) {
      await sql`update work_items set is_deleted = true
                where tenant_id = ${tenantId}::uuid and instance_id = ${instance.id}::uuid
                  and source_key = any(${deleted}::text[])`.execute(trx);
    }
    const touched = new Map<string, Date>();
    for (const item of items) {
      const earliest = [item.createdAt, ...item.transitions.map((t) => t.at)].reduce((a, b) =>
        b < a ? b : a,
      );
      const prev = touched.get(item.projectKey);
      if (prev === undefined || earliest < prev) touched.set(item.projectKey, earliest);
    }
    for (const [projectKey, from] of touched) {
      await deps.recomputeMetrics(trx, tenantId, {
        projectKeys: [projectKey],
        from: day(from),
        to: day(new Date()),
      });
    }
  });
  return { keys: items.map((i) => i.key), deleted };
}

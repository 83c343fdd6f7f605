import { withTenant } from '../db/with-tenant.ts';
import { isAppError } from '../errors/app-error.ts';
import { audit, requireInstance, type Actor } from './instances.ts';
import type { SyncServiceDeps } from './sync-jobs.ts';

export interface ConnectionTestResult {
  connected: boolean;
  identity: string | null;
  error?: { code: string; message: string };
  rate_limit?: { limit: number; remaining: number; reset_at: string | null } | null;
}

/**
 * `POST /instances/:id/test`: asks the source who the stored credentials are. A refusal upstream is a
 * result (`connected: false` with the typed reason), not an error of this request.
 */
export async function testInstanceConnection(
  deps: SyncServiceDeps,
  actor: Actor,
  instanceId: string,
): Promise<ConnectionTestResult> {
  const instance = await requireInstance(deps, actor.tenantId, instanceId);
  const adapter = deps.adapterFor(instance);
  let result: ConnectionTestResult;
  try {
    const info = await adapter.testConnection();
    result = {
      connected: true,
      identity: info.identity,
      rate_limit:
        info.rateLimit === null
          ? null
          : {
              limit: info.rateLimit.limit,
              remaining: info.rateLimit.remaining,
              reset_at: info.rateLimit.resetAt,
            },
    };
  } catch (error) {
    if (!isAppError(error) || error.code === 'internal') throw error;
    result = { connected: false, identity: null, error: { code: error.code, message: error.message } };
  } finally {
    await adapter.close();
  }
  await withTenant(deps.runtime, actor.tenantId, (trx) =>
    audit(trx, actor, instanceId, 'instance.test', {
      connected: result.connected,
      ...(result.error ? { error_code: result.error.code } : {}),
    }),
  );
  return result;
}

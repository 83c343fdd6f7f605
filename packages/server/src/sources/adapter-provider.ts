import type { Keyring } from '../crypto/keyring.ts';
import { decryptSecret } from '../crypto/secret-box.ts';
import { AppError } from '../errors/app-error.ts';
import type { RateLimiter } from '../kv/rate-limiter.ts';
import type { SourceInstance } from '../repositories/source-instances.ts';
import { credentialContext } from '../services/credentials.ts';
import type { SourceModule } from './adapter-factory.ts';
import type { SourceAdapter } from './source-adapter.ts';
import type { SourceType } from './source-type.ts';
import { parseBaseUrl } from './upstream/network-policy.ts';
import type { UpstreamMetrics } from './upstream/upstream-metrics.ts';

export type SourceModules = Partial<Record<SourceType, SourceModule>>;

export interface AdapterProviderDeps {
  modules: SourceModules;
  keyring: Keyring;
  limiter: RateLimiter;
  metrics: UpstreamMetrics;
  timeoutMs?: number;
  maxWaitSeconds?: number;
}

/** Builds the adapter of a stored instance: opens its credentials, checks its URL, applies its budget. */
export function adapterFor(instance: SourceInstance, deps: AdapterProviderDeps): SourceAdapter {
  const module = deps.modules[instance.source];
  if (module === undefined)
    throw new AppError('validation_error', `source type '${instance.source}' is not supported here`);
  const policy = { allowLinkLocal: instance.settings.allow_link_local };
  const credentials = module.credentialsSchema.parse(
    JSON.parse(
      decryptSecret(
        deps.keyring,
        instance.credentialsEncrypted,
        credentialContext(instance.tenantId, instance.id),
      ),
    ),
  );
  return module.createAdapter(
    {
      tenantId: instance.tenantId,
      instanceId: instance.id,
      source: instance.source,
      baseUrl: parseBaseUrl(instance.baseUrl, policy),
      credentials,
      policy,
    },
    {
      limiter: deps.limiter,
      budget: {
        capacity: Math.max(1, Math.ceil(instance.settings.requests_per_minute / 6)),
        refillPerSecond: instance.settings.requests_per_minute / 60,
      },
      metrics: deps.metrics,
      ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
      ...(deps.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: deps.maxWaitSeconds }),
    },
  );
}

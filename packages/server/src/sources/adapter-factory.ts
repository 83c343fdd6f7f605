import type { z } from 'zod';
import type { RateLimiter, RateLimitRule } from '../kv/rate-limiter.ts';
import type { SourceAdapter } from './source-adapter.ts';
import type { SourceType } from './source-type.ts';
import type { NetworkPolicy } from './upstream/network-policy.ts';
import type { UpstreamMetrics } from './upstream/upstream-metrics.ts';

/** An instance as an adapter needs it: where, as whom (decrypted credentials), and under which policy. */
export interface InstanceConnection {
  tenantId: string;
  instanceId: string;
  source: SourceType;
  baseUrl: URL;
  /** Already validated by the source's credentials schema. */
  credentials: unknown;
  policy: NetworkPolicy;
}

/** Shared services every adapter uses: the per-instance request budget and upstream metrics. */
export interface AdapterDeps {
  limiter: RateLimiter;
  /** The instance's budget (capacity and refill), shared by every worker through `limiter`. */
  budget: RateLimitRule;
  metrics: UpstreamMetrics;
  /** Per-attempt timeout in ms (tests shorten it). */
  timeoutMs?: number;
  /** How long an adapter may wait for a Retry-After before answering rate_limited. */
  maxWaitSeconds?: number;
}

/** The key of an instance's request budget in the RateLimiter. */
export function budgetKey(connection: Pick<InstanceConnection, 'tenantId' | 'instanceId'>): string {
  return `upstream:${connection.tenantId}:${connection.instanceId}`;
}

/** A webhook delivery as the receiver needs it: is it genuine, and which items did it touch? */
export interface WebhookVerifier {
  /** Checks the delivery's signature with the instance's webhook secret (constant-time). */
  verify(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, secret: string): boolean;
  /** The item keys (and project, when known) a verified delivery is about; throws validation_error on malformed bodies. */
  parse(body: unknown): { keys: string[]; projectKey: string | null };
}

/** What each source module exports. */
export interface SourceModule {
  source: SourceType;
  credentialsSchema: z.ZodType;
  /** The HTTP auth type stored on the instance for these credentials. */
  authTypeOf(credentials: unknown): 'basic' | 'bearer' | 'api_key' | 'oauth';
  createAdapter(connection: InstanceConnection, deps: AdapterDeps): SourceAdapter;
  webhook: WebhookVerifier;
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Rng } from './rng.ts';

/** The four upstream services the sandbox fakes. */
export type ServiceName = 'jira' | 'github' | 'asana' | 'linear';

/** What the sandbox core hands each service when it is built. */
export interface ServiceOptions {
  /** Seed of every random choice: the same seed and size build the same data. */
  seed: number;
  /** How many work items to generate for this service (0 to 200,000). */
  size: number;
  /** Extra accepted credentials, beyond the service's documented defaults (service-specific strings). */
  extraCredentials: readonly string[];
  /** The sandbox clock; data histories end at this instant. */
  now: () => Date;
  /** A seeded random source derived from `seed` and the service name. */
  rng: Rng;
  /** Absolute base URL the service is reachable at (for self links, `next_page.uri`, `link` headers). */
  baseUrl: () => string;
  /** Delivers a webhook (fire and forget; the core retries nothing, counts deliveries). */
  deliverWebhook: (url: string, body: string, headers: Record<string, string>) => void;
}

/** Rate-limit state of the credential behind the current request, computed by the core's fault layer. */
export interface RateState {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds at which the window resets. */
  resetAt: number;
}

/** A data change requested through `POST /_sandbox/{service}/mutate` (drives incremental sync tests). */
export type MutationCommand =
  /** Change `count` random items (status move, title edit or reassignment), as a user of the service would. */
  | { action: 'touch'; count: number }
  /** Create `count` new items. */
  | { action: 'create'; count: number }
  /** Delete `count` random items (where the service can delete). */
  | { action: 'delete'; count: number };

/** One faked service. The core owns the port, faults, the admin endpoint and request counting. */
export interface SandboxService {
  readonly name: ServiceName;
  /** Registers the service's routes (paths as at the real host) on its own Fastify instance. */
  register(app: FastifyInstance): Promise<void> | void;
  /** Key of the credential a request carries (for per-credential rate limits), or null when it has none. */
  credentialOf(request: FastifyRequest): string | null;
  /** Answers a rate-limit fault exactly as the real service does (status, headers, body). */
  sendRateLimited(reply: FastifyReply, retryAfterSeconds: number, state: RateState): FastifyReply;
  /** Answers an injected 5xx fault with the real service's error body. */
  sendServerError(reply: FastifyReply, status: 500 | 502 | 503): FastifyReply;
  /** Applies a mutation; returns the keys/ids it changed. */
  mutate(command: MutationCommand): { changed: string[] };
  /** Sizes of the service's data, for `GET /_sandbox/{service}/stats`. */
  stats(): Record<string, number>;
}

/** Builds a service from its options (data generation happens here, lazily where sizes are large). */
export type ServiceFactory = (options: ServiceOptions) => SandboxService;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the core's fault layer when a per-credential rate limit is configured. */
    sandboxRate?: RateState;
  }
}

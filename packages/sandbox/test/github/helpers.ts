import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { createRng } from '../../src/core/rng.ts';
import type { SandboxService, ServiceFactory, ServiceOptions } from '../../src/core/service.ts';

/** A fake service on a bare Fastify instance, as the brief asks services to work, plus what it delivered. */

export interface Delivery {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface Harness {
  app: FastifyInstance;
  service: SandboxService;
  deliveries: Delivery[];
  clock: { now: Date };
}

export const FIXED_NOW = new Date('2026-06-15T12:00:00.000Z');

export async function startService(
  factory: ServiceFactory,
  name: string,
  overrides: Partial<ServiceOptions> & { seed?: number; size?: number } = {},
): Promise<Harness> {
  const seed = overrides.seed ?? 42;
  const clock = { now: new Date(FIXED_NOW) };
  const deliveries: Delivery[] = [];
  const options: ServiceOptions = {
    seed,
    size: overrides.size ?? 200,
    extraCredentials: overrides.extraCredentials ?? [],
    now: overrides.now ?? (() => clock.now),
    rng: overrides.rng ?? createRng(seed).fork(name),
    baseUrl: overrides.baseUrl ?? (() => 'http://127.0.0.1:8071'),
    deliverWebhook:
      overrides.deliverWebhook ?? ((url, body, headers) => void deliveries.push({ url, body, headers })),
  };
  const service = factory(options);
  const app = Fastify();
  await service.register(app);
  await app.ready();
  return { app, service, deliveries, clock };
}

/** Moves the harness clock forward. */
export function advance(h: Harness, seconds: number): void {
  h.clock.now = new Date(h.clock.now.getTime() + seconds * 1000);
}

export function json<T = unknown>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A caller of the harness with fixed headers (the credential). */
export function caller(h: Harness, headers: Record<string, string>) {
  return (method: Method, url: string, payload?: unknown, extra: Record<string, string> = {}) =>
    h.app.inject({
      method,
      url,
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
        ...extra,
      },
      ...(payload === undefined
        ? {}
        : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
}

/** The URL of a `link` header's relation, as a path the harness can inject. */
export function linkPath(link: string | undefined, rel: string): string | undefined {
  const match = (link ?? '').split(',').find((part) => part.includes(`rel="${rel}"`));
  const url = match?.match(/<([^>]+)>/)?.[1];
  if (!url) return undefined;
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

import Fastify, { type FastifyInstance } from 'fastify';
import { SandboxConfigSchema, type SandboxConfig, type SandboxConfigInput } from '../config.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { createClock } from './clock.ts';
import { SandboxError } from './errors.ts';
import type { FaultConfig, FaultConfigInput } from './fault-config.ts';
import { FaultInjector, type FaultKind } from './fault-injector.ts';
import { ADMIN_PREFIX, installFaultLayer } from './fault-layer.ts';
import { Holds } from './holds.ts';
import { RequestStats, installRequestStats } from './request-stats.ts';
import { createRng } from './rng.ts';
import type { SandboxService, ServiceFactory, ServiceName } from './service.ts';
import { WebhookDispatcher, type WebhookCounts } from './webhook-delivery.ts';

const SERVICE_NAMES: readonly ServiceName[] = ['jira', 'github', 'asana', 'linear'];

/** Run-time control of one service's faults (the same as `GET/PUT /_sandbox/faults`). */
export interface FaultControl {
  get(): FaultConfig;
  set(config: FaultConfigInput): FaultConfig;
  counts(): Record<FaultKind, number>;
}

/** One listening fake. */
export interface RunningService {
  readonly name: ServiceName;
  readonly url: string;
  readonly service: SandboxService;
  readonly app: FastifyInstance;
  readonly faults: FaultControl;
  readonly webhooks: { counts(): WebhookCounts; settle(): Promise<void> };
  /** Milliseconds spent building the service (data generation) and registering its routes. */
  readonly buildMs: number;
}

export interface Sandbox {
  readonly config: SandboxConfig;
  /** Base URL per running service (disabled services, and services without a factory, are absent). */
  readonly urls: Partial<Record<ServiceName, string>>;
  readonly services: Partial<Record<ServiceName, RunningService>>;
  readonly faults: Partial<Record<ServiceName, FaultControl>>;
  /** Milliseconds spent generating data and opening ports. */
  readonly startupMs: number;
  close(): Promise<void>;
}

interface Started {
  running: RunningService;
  holds: Holds;
  dispatcher: WebhookDispatcher;
}

function formatIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

async function startService(
  name: ServiceName,
  factory: ServiceFactory,
  config: SandboxConfig,
  clock: ReturnType<typeof createClock>,
): Promise<{ started: Started; listen: () => Promise<void> }> {
  const svc = config[name];
  let baseUrl = '';
  const began = performance.now();
  const dispatcher = new WebhookDispatcher();
  const service = factory({
    seed: config.seed,
    size: svc.size,
    extraCredentials: svc.extraCredentials,
    now: () => clock.now(),
    rng: createRng(config.seed).fork(name),
    baseUrl: () => baseUrl,
    deliverWebhook: dispatcher.deliver,
  });
  const injector = new FaultInjector(
    createRng(config.seed).fork(`${name}:faults`).int(0, 0xffff_ffff),
    svc.faults,
    () => clock.nowMs(),
  );
  const holds = new Holds();
  const stats = new RequestStats();
  // Graceful close: idle keep-alive connections are dropped, requests under way finish (held ones are
  // released first, see stop()). Bodies of several MB are accepted, as the real hosts do.
  const app = Fastify({ logger: false, forceCloseConnections: 'idle', bodyLimit: 10 * 1024 * 1024 });
  installFaultLayer(app, service, injector, holds);
  installRequestStats(app, stats, ADMIN_PREFIX);
  registerAdminRoutes(app, { service, injector, stats, webhooks: dispatcher });
  // Encapsulated: the service's hooks (auth) and error handlers do not reach the admin routes.
  await app.register(async (child) => {
    await service.register(child);
  });
  const faults: FaultControl = {
    get: () => injector.config,
    set: (input) => injector.configure(input),
    counts: () => injector.faultCounts(),
  };
  const running: { -readonly [K in keyof RunningService]: RunningService[K] } = {
    name,
    url: '',
    service,
    app,
    faults,
    webhooks: { counts: () => dispatcher.counts(), settle: () => dispatcher.settle() },
    buildMs: performance.now() - began,
  };
  const listen = async (): Promise<void> => {
    try {
      await app.listen({ host: config.host, port: svc.port });
    } catch (cause) {
      throw new SandboxError('listen_failed', `${name}: cannot listen on ${config.host}:${svc.port}`, {
        cause,
      });
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : svc.port;
    baseUrl = `http://${urlHost(config.host)}:${port}`;
    running.url = baseUrl;
  };
  return { started: { running, holds, dispatcher }, listen };
}

async function stop(started: Started): Promise<void> {
  started.holds.releaseAll();
  await started.running.app.close();
  await started.dispatcher.close();
}

/**
 * Starts every enabled service that has a factory, each on its own Fastify instance and port.
 * Data is generated first (with the clock held at its anchor), then ports open.
 */
export async function startSandboxWith(
  input: SandboxConfigInput,
  factories: Partial<Record<ServiceName, ServiceFactory>>,
): Promise<Sandbox> {
  const parsed = SandboxConfigSchema.safeParse(input);
  if (!parsed.success) throw new SandboxError('invalid_config', formatIssues(parsed.error));
  const config = parsed.data;
  const began = performance.now();
  const clock = createClock(config.now === undefined ? Date.now() : Date.parse(config.now));
  const all: Started[] = [];
  try {
    const listens: (() => Promise<void>)[] = [];
    for (const name of SERVICE_NAMES) {
      const factory = factories[name];
      if (!config[name].enabled || factory === undefined) continue;
      let built;
      try {
        built = await startService(name, factory, config, clock);
      } catch (cause) {
        throw new SandboxError('service_failed', `${name}: the service could not be built`, { cause });
      }
      all.push(built.started);
      listens.push(built.listen);
    }
    for (const listen of listens) await listen();
  } catch (error) {
    await Promise.allSettled(all.map(stop));
    throw error;
  }
  clock.start();
  const urls: Partial<Record<ServiceName, string>> = {};
  const services: Partial<Record<ServiceName, RunningService>> = {};
  const faults: Partial<Record<ServiceName, FaultControl>> = {};
  for (const { running } of all) {
    urls[running.name] = running.url;
    services[running.name] = running;
    faults[running.name] = running.faults;
  }
  let closing: Promise<void> | null = null;
  return {
    config,
    urls,
    services,
    faults,
    startupMs: performance.now() - began,
    close: () => {
      closing ??= Promise.all(all.map(stop)).then(() => undefined);
      return closing;
    },
  };
}

import { z } from 'zod';
import { FaultConfigSchema } from './core/fault-config.ts';
import type { ServiceName } from './core/service.ts';

/** Default loopback ports of the four fakes. */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  jira: 8070,
  github: 8071,
  asana: 8072,
  linear: 8073,
};

/** Largest data size a service is asked to generate. */
export const MAX_SIZE = 200_000;

function serviceSchema(name: ServiceName) {
  return z
    .object({
      enabled: z.boolean().default(true),
      /** 0 picks a free ephemeral port. */
      port: z.number().int().min(0).max(65_535).default(DEFAULT_PORTS[name]),
      /** Work items to generate. */
      size: z.number().int().min(0).max(MAX_SIZE).default(2_000),
      /** Accepted in addition to the service's default credentials (format per service, see the README). */
      extraCredentials: z.array(z.string().min(1)).default([]),
      faults: FaultConfigSchema.prefault({}),
    })
    .strict();
}

/** Options of `startSandbox`, parsed once; every problem is reported at once. */
export const SandboxConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    seed: z.number().int().min(0).max(0xffff_ffff).default(42),
    /**
     * The instant generated histories end (ISO 8601). Defaults to the start time; pin it to make two runs produce
     * byte-identical data. The sandbox clock runs on from it once the services listen.
     */
    now: z.iso.datetime({ offset: true }).optional(),
    jira: serviceSchema('jira').prefault({}),
    github: serviceSchema('github').prefault({}),
    asana: serviceSchema('asana').prefault({}),
    linear: serviceSchema('linear').prefault({}),
  })
  .strict();

export type SandboxConfig = z.infer<typeof SandboxConfigSchema>;
export type SandboxConfigInput = z.input<typeof SandboxConfigSchema>;
export type ServiceConfig = SandboxConfig['jira'];

import { startSandboxWith, type Sandbox } from './core/sandbox.ts';
import type { ServiceFactory, ServiceName } from './core/service.ts';
import type { SandboxConfigInput } from './config.ts';
import { createAsanaService } from './asana/index.ts';
import { createGithubService } from './github/index.ts';
import { createJiraService } from './jira/index.ts';
import { createLinearService } from './linear/index.ts';

export {
  SandboxConfigSchema,
  DEFAULT_PORTS,
  type SandboxConfig,
  type SandboxConfigInput,
  type ServiceConfig,
} from './config.ts';
export { FaultConfigSchema, type FaultConfig, type FaultConfigInput } from './core/fault-config.ts';
export { SandboxError, type SandboxErrorCode } from './core/errors.ts';
export type { Sandbox, RunningService, FaultControl } from './core/sandbox.ts';
export type {
  MutationCommand,
  RateState,
  SandboxService,
  ServiceFactory,
  ServiceName,
  ServiceOptions,
} from './core/service.ts';
export { defaultCredentials, type DefaultCredential } from './credentials.ts';
export { createAsanaService } from './asana/index.ts';
export { createGithubService } from './github/index.ts';
export { createJiraService } from './jira/index.ts';
export { createLinearService } from './linear/index.ts';

/** The fakes this package ships. */
export const builtInFactories: Record<ServiceName, ServiceFactory> = {
  jira: createJiraService,
  github: createGithubService,
  asana: createAsanaService,
  linear: (options) => createLinearService(options),
};

export interface StartOptions {
  /** Factories to use instead of (or in addition to) the built-in ones. */
  factories?: Partial<Record<ServiceName, ServiceFactory>>;
}

/**
 * Starts the sandbox: every enabled service with a factory, each on its own loopback port.
 * Throws `SandboxError` (`invalid_config`, `listen_failed`, `service_failed`).
 */
export function startSandbox(config: SandboxConfigInput = {}, options: StartOptions = {}): Promise<Sandbox> {
  return startSandboxWith(config, { ...builtInFactories, ...options.factories });
}

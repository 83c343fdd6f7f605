import type { SourceModules } from './adapter-provider.ts';

/** Every source this build can sync. */
export function builtInSourceModules(): SourceModules {
  return {};
}

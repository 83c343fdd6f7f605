import type { SourceModules } from './adapter-provider.ts';
import { asanaModule } from './asana/asana-module.ts';
import { githubModule } from './github/github-module.ts';
import { jiraModule } from './jira/jira-module.ts';
import { linearModule } from './linear/linear-module.ts';

/** Every source this build can sync. */
export function builtInSourceModules(): SourceModules {
  return { jira: jiraModule, github: githubModule, asana: asanaModule, linear: linearModule };
}

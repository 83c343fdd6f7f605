import { budgetKey, type SourceModule } from '../adapter-factory.ts';
import { GithubAdapter } from './github-adapter.ts';
import { createBudgetGate } from './github-budget.ts';
import { createGithubClient } from './github-client.ts';
import { githubCredentialsSchema } from './github-credentials.ts';
import { githubWebhook } from './github-webhook.ts';

/** GitHub (REST, github.com or Enterprise Server): repositories as projects, issues and pull requests as items. */
export const githubModule: SourceModule = {
  source: 'github',
  credentialsSchema: githubCredentialsSchema,
  authTypeOf: () => 'bearer',
  createAdapter(connection, deps) {
    const { token } = githubCredentialsSchema.parse(connection.credentials);
    const maxWaitSeconds = deps.maxWaitSeconds ?? 60;
    const key = budgetKey(connection);
    const client = createGithubClient({
      baseUrl: connection.baseUrl,
      token,
      policy: connection.policy,
      id: key,
      budgetGate: createBudgetGate({ limiter: deps.limiter, key, rule: deps.budget, maxWaitSeconds }),
      metrics: deps.metrics,
      timeoutMs: deps.timeoutMs ?? 30_000,
      maxWaitSeconds,
    });
    return new GithubAdapter(client);
  },
  webhook: githubWebhook,
};

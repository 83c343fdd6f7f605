import type { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { budgetKey, type AdapterDeps, type InstanceConnection } from '../adapter-factory.ts';
import { UpstreamClient, type UpstreamResponse } from '../upstream/upstream-client.ts';
import { linearAuthorization, type LinearCredentials } from './linear-credentials.ts';
import { isLinearFailure, isLinearRateLimited, linearError, linearRetryAfter } from './linear-errors.ts';

export interface LinearAnswer<T> {
  data: T;
  headers: UpstreamResponse['headers'];
}

/**
 * Linear's GraphQL endpoint over the instance's UpstreamClient (budget, timeouts, retries). Queries are sent as
 * idempotent, so 5xx answers and dropped connections are retried; mutations are not. Every answer is checked for
 * GraphQL errors first and its `data` parsed with the caller's zod schema.
 */
export class LinearGraphQL {
  readonly #client: UpstreamClient;
  readonly #secret: string;
  #closing: Promise<void> | null = null;

  constructor(connection: InstanceConnection, deps: AdapterDeps, credentials: LinearCredentials) {
    const auth = linearAuthorization(credentials);
    this.#secret = auth.secret;
    this.#client = new UpstreamClient({
      source: 'linear',
      baseUrl: connection.baseUrl,
      headers: { authorization: auth.header },
      policy: connection.policy,
      budget: { limiter: deps.limiter, key: budgetKey(connection), rule: deps.budget },
      metrics: deps.metrics,
      ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
      ...(deps.maxWaitSeconds !== undefined ? { maxWaitSeconds: deps.maxWaitSeconds } : {}),
      isRateLimited: isLinearRateLimited,
      retryAfterOf: (response) => linearRetryAfter(response),
    });
  }

  query<S extends z.ZodType>(
    document: string,
    variables: Record<string, unknown>,
    schema: S,
  ): Promise<LinearAnswer<z.infer<S>>> {
    return this.#send(document, variables, schema, true);
  }

  mutate<S extends z.ZodType>(
    document: string,
    variables: Record<string, unknown>,
    schema: S,
  ): Promise<LinearAnswer<z.infer<S>>> {
    return this.#send(document, variables, schema, false);
  }

  /** Idempotent: a second close waits for the first. */
  close(): Promise<void> {
    this.#closing ??= this.#client.close();
    return this.#closing;
  }

  async #send<S extends z.ZodType>(
    document: string,
    variables: Record<string, unknown>,
    schema: S,
    idempotent: boolean,
  ): Promise<LinearAnswer<z.infer<S>>> {
    const response = await this.#client.request({
      method: 'POST',
      path: '/graphql',
      body: { query: document, variables },
      idempotent,
    });
    if (isLinearFailure(response)) throw linearError(response, this.#secret);
    const data = (response.body as { data?: unknown } | null)?.data;
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      // A drifted payload: say where, never what (values may be private data).
      const where = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`);
      throw new AppError(
        'upstream_5xx',
        `linear answered a payload this adapter cannot read: ${where.join('; ')}`,
        {
          details: { upstream_status: response.status },
        },
      );
    }
    return { data: parsed.data, headers: response.headers };
  }
}

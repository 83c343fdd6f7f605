import type { z } from 'zod';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../upstream/upstream-client.ts';
import { jiraError, unexpectedPayload } from './jira-errors.ts';

/** Requests to one Jira site: non-2xx answers become AppErrors, 2xx payloads are parsed with a schema. */
export class JiraHttp {
  readonly #client: UpstreamClient;

  constructor(client: UpstreamClient) {
    this.#client = client;
  }

  /** The parsed payload of a 2xx answer. */
  async json<S extends z.ZodType>(request: UpstreamRequest, schema: S): Promise<z.output<S>> {
    const { body } = await this.#ok(request);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw unexpectedPayload(`${request.method} ${request.path}`, parsed.error);
    return parsed.data;
  }

  /** The raw payload, headers and status of a 2xx answer (writes record the status in the audit log). */
  async raw(request: UpstreamRequest): Promise<UpstreamResponse> {
    return this.#ok(request);
  }

  async #ok(request: UpstreamRequest): Promise<UpstreamResponse> {
    const response = await this.#client.request(request);
    if (response.status < 200 || response.status >= 300) throw jiraError(response);
    return response;
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

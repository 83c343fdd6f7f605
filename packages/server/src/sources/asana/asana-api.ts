import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../upstream/upstream-client.ts';
import { upstreamError } from '../upstream/upstream-error.ts';
import { asanaErrorsSchema } from './asana-payloads.ts';

/**
 * Asana's REST conventions over the shared UpstreamClient: `{"data": ...}` bodies, `{"errors": [...]}` failures
 * carried to the caller in Asana's own words, and offset pagination (`limit` 1–100, `next_page.offset`).
 */

export type Query = Record<string, string | number | undefined>;

export interface AsanaPage<T> {
  items: T[];
  /** Offset token of the next page; null on the last. */
  nextOffset: string | null;
}

/** Set on the AppError of a 400 that refuses an offset token (expired, or issued for another query). */
export const OFFSET_REFUSED = 'offset_refused';

/** The API root: the base URL as given, or `<origin>/api/1.0` when only an origin is configured. */
export function apiRoot(baseUrl: URL): URL {
  const path = baseUrl.pathname.replace(/\/+$/, '');
  return path === '' ? new URL('/api/1.0/', baseUrl) : new URL(`${path}/`, baseUrl);
}

export function isOffsetRefused(error: unknown): boolean {
  return error instanceof AppError && error.details?.reason === OFFSET_REFUSED;
}

function errorOf(response: UpstreamResponse): AppError {
  const parsed = asanaErrorsSchema.safeParse(response.body);
  const messages = parsed.success ? parsed.data.errors.map((e) => e.message) : [];
  const offsetRefused = response.status === 400 && messages.some((m) => /^offset:/i.test(m.trim()));
  return upstreamError('asana', response, messages, offsetRefused ? { reason: OFFSET_REFUSED } : {});
}

function parse<T extends z.ZodType>(schema: T, response: UpstreamResponse): z.output<T> {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  // A drifted payload is the upstream breaking its contract: a bad-gateway answer, never a crash.
  throw new AppError('upstream_5xx', 'asana answered with an unexpected payload', {
    details: {
      upstream_status: response.status,
      issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
    },
  });
}

export class AsanaApi {
  readonly #client: UpstreamClient;

  constructor(client: UpstreamClient) {
    this.#client = client;
  }

  /** The `data` of one answer, parsed with `schema`. */
  async call<T extends z.ZodType>(req: UpstreamRequest, schema: T): Promise<z.output<T>> {
    const response = await this.#client.request(req);
    if (response.status < 200 || response.status >= 300) throw errorOf(response);
    const envelope = parse(z.object({ data: z.unknown() }).loose(), response);
    return parse(schema, { ...response, body: envelope.data });
  }

  /** One page of a collection (`limit` is always sent, so Asana always says whether more follow). */
  async page<T extends z.ZodType>(
    path: string,
    query: Query,
    item: T,
    paging: { limit: number; offset?: string | null | undefined },
  ): Promise<AsanaPage<z.output<T>>> {
    const response = await this.#client.request({
      method: 'GET',
      path,
      query: { ...query, limit: paging.limit, offset: paging.offset ?? undefined },
    });
    if (response.status !== 200) throw errorOf(response);
    const body = parse(
      z
        .object({
          data: z.array(item),
          next_page: z
            .object({ offset: z.string().min(1) })
            .loose()
            .nullish(),
        })
        .loose(),
      response,
    );
    return { items: body.data, nextOffset: body.next_page?.offset ?? null };
  }

  /** Every item of a collection, page by page. */
  async all<T extends z.ZodType>(path: string, query: Query, item: T): Promise<z.output<T>[]> {
    const out: z.output<T>[] = [];
    let offset: string | null = null;
    do {
      const page: AsanaPage<z.output<T>> = await this.page(path, query, item, { limit: 100, offset });
      out.push(...page.items);
      offset = page.nextOffset;
    } while (offset !== null);
    return out;
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

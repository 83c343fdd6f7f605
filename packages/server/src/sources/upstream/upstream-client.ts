import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { AppError } from '../../errors/app-error.ts';
import type { RateLimiter, RateLimitRule } from '../../kv/rate-limiter.ts';
import type { SourceType } from '../source-type.ts';
import { guardedLookup, type NetworkPolicy } from './network-policy.ts';
import { backoffMs, parseRetryAfter } from './retry-after.ts';
import type { UpstreamMetrics } from './upstream-metrics.ts';

/** One request budget per instance, shared by every worker and process through the RateLimiter (rule 17). */
export interface UpstreamBudget {
  limiter: RateLimiter;
  key: string;
  rule: RateLimitRule;
}

export interface UpstreamClientOptions {
  source: SourceType;
  baseUrl: URL;
  /** Sent with every request (auth among them); never logged or echoed. */
  headers: Record<string, string>;
  policy: NetworkPolicy;
  budget?: UpstreamBudget | undefined;
  metrics?: UpstreamMetrics | undefined;
  timeoutMs?: number;
  maxAttempts?: number;
  /** The longest a single Retry-After (or budget) wait may be before giving up with rate_limited. */
  maxWaitSeconds?: number;
  /** Rate-limit answers other than 429 (GitHub's 403 with no remaining quota, Linear's RATELIMITED 400). */
  isRateLimited?: (response: UpstreamResponse) => boolean;
  /** Seconds to wait for such an answer when it has no Retry-After (GitHub's x-ratelimit-reset). */
  retryAfterOf?: (response: UpstreamResponse) => number | undefined;
  wait?: (ms: number) => Promise<void>;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** POSTs are retried after 5xx/network failures only when marked idempotent (GraphQL queries, searches). */
  idempotent?: boolean;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the answer is JSON, the text otherwise, null when empty. */
  body: unknown;
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

/**
 * HTTP to one upstream instance: keep-alive connections, a timeout per attempt, the instance's shared
 * request budget, and retries. 429s (and source-specific rate-limit answers) wait for Retry-After;
 * 5xx, timeouts and resets of idempotent requests back off with full jitter. Hand-written rather than
 * p-retry because waits come from the upstream's headers and the shared budget, not a fixed schedule.
 */
export class UpstreamClient {
  readonly #options: UpstreamClientOptions;
  readonly #agent: Agent;
  readonly #wait: (ms: number) => Promise<void>;

  constructor(options: UpstreamClientOptions) {
    this.#options = options;
    this.#wait = options.wait ?? ((ms) => sleep(ms));
    this.#agent = new Agent({
      connections: 16,
      keepAliveTimeout: 10_000,
      connect: { lookup: guardedLookup(options.policy) },
    });
  }

  async request(req: UpstreamRequest): Promise<UpstreamResponse> {
    const { source } = this.#options;
    const maxAttempts = this.#options.maxAttempts ?? 5;
    const idempotent = req.idempotent ?? req.method !== 'POST';
    for (let attempt = 1; ; attempt++) {
      await this.#takeBudget();
      let response: UpstreamResponse;
      try {
        response = await this.#send(req);
      } catch (error) {
        const failure = toNetworkError(source, error);
        this.#options.metrics?.requests.inc({ source, status: failure.code });
        if (!idempotent || attempt >= maxAttempts) throw failure;
        await this.#wait(backoffMs(attempt, 250, 10_000));
        continue;
      }
      this.#options.metrics?.requests.inc({ source, status: String(response.status) });
      const rateLimited = response.status === 429 || (this.#options.isRateLimited?.(response) ?? false);
      if (rateLimited) {
        this.#options.metrics?.rateLimited.inc({ source });
        const seconds =
          parseRetryAfter(response.headers['retry-after']) ??
          this.#options.retryAfterOf?.(response) ??
          backoffMs(attempt, 1000, 30_000) / 1000;
        if (attempt >= maxAttempts || seconds > (this.#options.maxWaitSeconds ?? 60)) {
          throw new AppError('rate_limited', `${source} is rate limiting this instance`, {
            retryAfter: Math.ceil(seconds),
            details: { upstream_status: response.status },
          });
        }
        await this.#wait(seconds * 1000);
        continue;
      }
      if (RETRYABLE_STATUS.has(response.status) && idempotent && attempt < maxAttempts) {
        const hinted = parseRetryAfter(response.headers['retry-after']);
        await this.#wait(
          hinted !== undefined ? Math.min(hinted, 60) * 1000 : backoffMs(attempt, 250, 10_000),
        );
        continue;
      }
      return response;
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #takeBudget(): Promise<void> {
    const budget = this.#options.budget;
    if (budget === undefined) return;
    for (;;) {
      const decision = await budget.limiter.consume(budget.key, budget.rule);
      if (decision.allowed) return;
      if (decision.retryAfterSeconds > (this.#options.maxWaitSeconds ?? 60)) {
        throw new AppError(
          'rate_limited',
          `the request budget of this ${this.#options.source} instance is spent`,
          {
            retryAfter: decision.retryAfterSeconds,
          },
        );
      }
      await this.#wait(decision.retryAfterSeconds * 1000);
    }
  }

  async #send(req: UpstreamRequest): Promise<UpstreamResponse> {
    const url = new URL(req.path.replace(/^\//, ''), withTrailingSlash(this.#options.baseUrl));
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...this.#options.headers };
    let body: string | null = null;
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    const timeoutMs = this.#options.timeoutMs ?? 30_000;
    const res = await request(url, {
      method: req.method,
      headers,
      body,
      dispatcher: this.#agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.body.text();
    const type = String(res.headers['content-type'] ?? '');
    let parsed: unknown = text === '' ? null : text;
    if (text !== '' && type.includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.statusCode, headers: res.headers, body: parsed };
  }
}

function withTrailingSlash(url: URL): URL {
  return url.pathname.endsWith('/') ? url : new URL(`${url.pathname}/`, url);
}

function toNetworkError(source: string, error: unknown): AppError {
  const code = (error as { code?: string }).code ?? (error as { name?: string }).name ?? '';
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'TimeoutError' ||
    code === 'AbortError'
  ) {
    return new AppError('timeout', `${source} did not answer in time`, { cause: error });
  }
  return new AppError('network_error', `could not reach ${source}`, {
    cause: error,
    details: { reason: code || 'connection_failed' },
  });
}

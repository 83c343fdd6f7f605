import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { guardedLookup, type NetworkPolicy } from '../upstream/network-policy.ts';
import type { UpstreamMetrics } from '../upstream/upstream-metrics.ts';

/**
 * Octokit for one GitHub instance. Per HTTP attempt, in this order from the outside in: retries of 5xx and
 * network failures (plugin-retry), rate-limit waits (plugin-throttling), a token of the instance's shared
 * budget (the gate below), then undici over an Agent whose DNS lookup applies the network policy, with a
 * timeout per attempt.
 */

/** Retries of a 5xx or network failure; waits grow as (n+1)² × 250 ms. */
const RETRIES = 4;
/** Rate-limit retries per request, each no longer than maxWaitSeconds. */
const RATE_LIMIT_RETRIES = 4;
/** Rate limits are the throttling plugin's to handle; 4xx answers do not change when repeated. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

type OctokitPlugin = Parameters<typeof Octokit.plugin>[0];

/** Consumes the instance budget before each attempt: plugged in first so it wraps the innermost call. */
const budgetPlugin: OctokitPlugin = (octokit, options) => {
  const gate = (options as { budgetGate?: () => Promise<void> }).budgetGate;
  if (gate !== undefined) octokit.hook.before('request', gate);
};

const GithubOctokit = Octokit.plugin(budgetPlugin, throttling, retry);
export type GithubOctokit = InstanceType<typeof GithubOctokit>;

export interface GithubClientOptions {
  baseUrl: URL;
  token: string;
  policy: NetworkPolicy;
  /** Names this instance's concurrency groups in the throttling plugin. */
  id: string;
  budgetGate: () => Promise<void>;
  metrics: UpstreamMetrics;
  timeoutMs: number;
  maxWaitSeconds: number;
}

export interface GithubClient {
  octokit: GithubOctokit;
  close(): Promise<void>;
}

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function createGithubClient(options: GithubClientOptions): GithubClient {
  const agent = new Agent({
    connections: 16,
    keepAliveTimeout: 10_000,
    connect: { lookup: guardedLookup(options.policy) },
  });
  const keepWaiting = (
    retryAfter: number,
    _request: unknown,
    _octokit: unknown,
    retryCount: number,
  ): boolean => retryCount < RATE_LIMIT_RETRIES && retryAfter <= options.maxWaitSeconds;
  const octokit = new GithubOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.toString().replace(/\/+$/, ''),
    userAgent: 'digital-spiral',
    log: silent,
    request: { fetch: instrumentedFetch(agent, options.timeoutMs, options.metrics) },
    throttle: { id: options.id, onRateLimit: keepWaiting, onSecondaryRateLimit: keepWaiting },
    retry: { retries: RETRIES, retryAfterBaseValue: 250, doNotRetry: DO_NOT_RETRY },
    budgetGate: options.budgetGate,
  });
  return { octokit, close: () => agent.close() };
}

/** fetch over the guarded Agent, a timeout per attempt, and upstream metrics by status. */
function instrumentedFetch(agent: Agent, timeoutMs: number, metrics: UpstreamMetrics) {
  return async (url: string, init: UndiciRequestInit = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await undiciFetch(url, { ...init, signal, dispatcher: agent });
      metrics.requests.inc({ source: 'github', status: String(response.status) });
      const limited =
        response.status === 429 ||
        (response.status === 403 &&
          (response.headers.get('x-ratelimit-remaining') === '0' || response.headers.has('retry-after')));
      if (limited) metrics.rateLimited.inc({ source: 'github' });
      return response;
    } catch (error) {
      const timedOut = (error as { name?: string }).name === 'TimeoutError';
      metrics.requests.inc({ source: 'github', status: timedOut ? 'timeout' : 'network_error' });
      throw error;
    }
  };
}

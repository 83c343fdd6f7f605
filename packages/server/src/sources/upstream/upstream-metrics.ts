import type { Counter, Registry } from 'prom-client';
import { counterIn } from '../../observability/metric-factories.ts';

export interface UpstreamMetrics {
  requests: Counter<'source' | 'status'>;
  rateLimited: Counter<'source'>;
}

/** `upstream_requests_total{source,status}` and `upstream_rate_limited_total{source}`. */
export function upstreamMetrics(registry: Registry): UpstreamMetrics {
  return {
    requests: counterIn(registry, {
      name: 'upstream_requests_total',
      help: 'Requests to upstream sources by source and HTTP status (or error kind)',
      labelNames: ['source', 'status'],
    }),
    rateLimited: counterIn(registry, {
      name: 'upstream_rate_limited_total',
      help: 'Upstream answers that signalled a rate limit, by source',
      labelNames: ['source'],
    }),
  };
}

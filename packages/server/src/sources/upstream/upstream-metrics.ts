import { Counter, type Registry } from 'prom-client';

export interface UpstreamMetrics {
  requests: Counter<'source' | 'status'>;
  rateLimited: Counter<'source'>;
}

/** `upstream_requests_total{source,status}` and `upstream_rate_limited_total{source}`. */
export function upstreamMetrics(registry: Registry): UpstreamMetrics {
  const existing = registry.getSingleMetric('upstream_requests_total');
  if (existing !== undefined) {
    return {
      requests: existing as UpstreamMetrics['requests'],
      rateLimited: registry.getSingleMetric('upstream_rate_limited_total') as UpstreamMetrics['rateLimited'],
    };
  }
  return {
    requests: new Counter({
      name: 'upstream_requests_total',
      help: 'Requests to upstream sources by source and HTTP status (or error kind)',
      labelNames: ['source', 'status'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'upstream_rate_limited_total',
      help: 'Upstream answers that signalled a rate limit, by source',
      labelNames: ['source'],
      registers: [registry],
    }),
  };
}

import { Registry, collectDefaultMetrics, type Counter, type Histogram } from 'prom-client';
import { counterIn, histogramIn } from './metric-factories.ts';

/** One registry per process, passed to every server in it. */
export function createMetricsRegistry(options: { defaultMetrics: boolean }): Registry {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

export interface HttpMetrics {
  requests: Counter<'server' | 'method' | 'route' | 'status'>;
  duration: Histogram<'server' | 'method' | 'route' | 'status'>;
}

/** HTTP request count and duration by route template (never the raw URL: bounded cardinality) and status. */
export function httpMetrics(registry: Registry): HttpMetrics {
  const labelNames = ['server', 'method', 'route', 'status'] as const;
  return {
    requests: counterIn(registry, {
      name: 'http_requests_total',
      help: 'HTTP requests by server, method, route template and status',
      labelNames,
    }),
    duration: histogramIn(registry, {
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by server, method, route template and status',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    }),
  };
}

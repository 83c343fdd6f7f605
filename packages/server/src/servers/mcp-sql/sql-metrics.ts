import type { Counter, Histogram, Registry } from 'prom-client';
import { counterIn, histogramIn } from '../../observability/metric-factories.ts';

export interface SqlMetrics {
  queries: Counter<'template' | 'status'>;
  duration: Histogram<'template'>;
}

/** Outcome label of `sql_query_total`. */
export type SqlQueryStatus = 'ok' | 'timeout' | 'error';

/**
 * `sql_query_total{template,status}` and `sql_query_duration_seconds{template}` of the registry, created on
 * first use: every MCP SQL app (and the stdio server) of a process shares them.
 */
export function sqlMetrics(registry: Registry): SqlMetrics {
  return {
    queries: counterIn(registry, {
      name: 'sql_query_total',
      help: 'MCP SQL template statements by template and outcome (ok, timeout, error)',
      labelNames: ['template', 'status'],
    }),
    duration: histogramIn(registry, {
      name: 'sql_query_duration_seconds',
      help: 'MCP SQL template statement duration, transaction included',
      labelNames: ['template'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
  };
}

import type { Counter, Histogram, Registry } from 'prom-client';
import { counterIn, histogramIn } from '../observability/metric-factories.ts';

export interface SyncMetrics {
  operations: Counter<'source' | 'status'>;
  duration: Histogram<'source'>;
  items: Counter<'source'>;
}

/** `sync_operations_total{source,status}`, `sync_duration_seconds{source}`, `sync_items_total{source}`. */
export function syncMetrics(registry: Registry): SyncMetrics {
  return {
    operations: counterIn(registry, {
      name: 'sync_operations_total',
      help: 'Sync jobs finished, by source and outcome',
      labelNames: ['source', 'status'],
    }),
    duration: histogramIn(registry, {
      name: 'sync_duration_seconds',
      help: 'Sync job duration by source',
      labelNames: ['source'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    }),
    items: counterIn(registry, {
      name: 'sync_items_total',
      help: 'Work items written by sync, by source',
      labelNames: ['source'],
    }),
  };
}

import { Counter, Histogram, type Registry } from 'prom-client';

export interface SyncMetrics {
  operations: Counter<'source' | 'status'>;
  duration: Histogram<'source'>;
  items: Counter<'source'>;
}

/** `sync_operations_total{source,status}`, `sync_duration_seconds{source}`, `sync_items_total{source}`. */
export function syncMetrics(registry: Registry): SyncMetrics {
  const existing = registry.getSingleMetric('sync_operations_total');
  if (existing !== undefined) {
    return {
      operations: existing as SyncMetrics['operations'],
      duration: registry.getSingleMetric('sync_duration_seconds') as SyncMetrics['duration'],
      items: registry.getSingleMetric('sync_items_total') as SyncMetrics['items'],
    };
  }
  return {
    operations: new Counter({
      name: 'sync_operations_total',
      help: 'Sync jobs finished, by source and outcome',
      labelNames: ['source', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'sync_duration_seconds',
      help: 'Sync job duration by source',
      labelNames: ['source'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers: [registry],
    }),
    items: new Counter({
      name: 'sync_items_total',
      help: 'Work items written by sync, by source',
      labelNames: ['source'],
      registers: [registry],
    }),
  };
}

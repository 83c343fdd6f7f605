import {
  Counter,
  Histogram,
  type CounterConfiguration,
  type HistogramConfiguration,
  type Registry,
} from 'prom-client';

/**
 * The registry's counter of this name, created on first use. Several apps of one process share a
 * registry; each asks for its metrics and gets the same instances.
 */
export function counterIn<L extends string>(
  registry: Registry,
  config: Omit<CounterConfiguration<L>, 'registers'>,
): Counter<L> {
  return (
    (registry.getSingleMetric(config.name) as Counter<L> | undefined) ??
    new Counter({ ...config, registers: [registry] })
  );
}

/** The registry's histogram of this name, created on first use. */
export function histogramIn<L extends string>(
  registry: Registry,
  config: Omit<HistogramConfiguration<L>, 'registers'>,
): Histogram<L> {
  return (
    (registry.getSingleMetric(config.name) as Histogram<L> | undefined) ??
    new Histogram({ ...config, registers: [registry] })
  );
}

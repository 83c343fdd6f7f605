import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
  };
}

/**
 * Runs `fn` `warmup` times untimed (fewer once a quarter of `budgetMs` is spent), then up to `iterations`
 * times one after another, each timed on its own (ms), stopping early (after at least 20) once `budgetMs`
 * is spent. `fn` receives the call number, so
 * callers rotate through their parameter sets.
 */
export async function timeCalls(
  options: { iterations: number; warmup: number; budgetMs: number },
  fn: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const warmStarted = performance.now();
  for (let i = 0; i < options.warmup; i++) {
    if (i >= 2 && performance.now() - warmStarted > options.budgetMs / 4) break;
    await fn(i);
  }
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.iterations; i++) {
    if (i >= 20 && performance.now() - started > options.budgetMs) break;
    const t0 = performance.now();
    await fn(options.warmup + i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

export const ms = (value: number | undefined, digits = 2): string =>
  value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);

/** A plain text table: right-aligned columns except the first `leftColumns`. */
export function table(header: string[], rows: string[][], leftColumns = 2): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

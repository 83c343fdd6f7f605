import type { QueryConfig } from 'pg';

/**
 * A query config that forces node-postgres's extended protocol even without parameters (rule 9).
 * node-postgres supports `queryMode: 'extended'` since 8.12; @types/pg does not declare it yet.
 */
export function extendedQuery(text: string, values: readonly unknown[] = []): QueryConfig {
  return { text, values: [...values], queryMode: 'extended' } as QueryConfig;
}

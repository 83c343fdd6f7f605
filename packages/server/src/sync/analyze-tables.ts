import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * Refreshes the planner statistics of the tables a backfill fills. Without them, plans made while the
 * tables were empty (foreign-key checks among them, cached per connection) keep scanning a tenant's whole
 * index as it grows, and writes slow down quadratically. Autovacuum does this eventually, if it is on; a
 * backfill cannot wait for it. Runs as the owner: ANALYZE needs it.
 */
export async function analyzeSyncTables(owner: Kysely<Database>): Promise<void> {
  await sql`analyze work_items, work_item_transitions, work_item_comments, work_item_links, people`.execute(
    owner,
  );
}

/** Analyze after 500 items written, then at 5,000, 50,000...: a handful of times, however large the job. */
export function nextAnalyzeThreshold(itemsWritten: number): number {
  let threshold = 500;
  while (threshold <= itemsWritten) threshold *= 10;
  return threshold;
}

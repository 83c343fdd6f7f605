import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

/**
 * Where a search over one or several instances resumes: per instance still to read, Jira's page token
 * (null before its first page). Instances whose last page was read are dropped, so every issue comes once.
 * `q` ties the cursor to the query (JQL, fields, instance scope) that made it.
 */
const cursorSchema = z.strictObject({
  v: z.literal(1),
  q: z.string().min(1).max(64),
  p: z
    .array(z.tuple([z.uuid(), z.string().max(4096).nullable()]))
    .min(1)
    .max(100),
});

export type SearchCursor = z.infer<typeof cursorSchema>;
/** Per instance id: Jira's next page token, null before the first page. */
export type InstanceProgress = SearchCursor['p'];

export function encodeSearchCursor(query: string, progress: InstanceProgress): string | null {
  if (progress.length === 0) return null;
  const cursor: SearchCursor = { v: 1, q: query, p: progress };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The progress in a cursor of this query; anything else is the caller's mistake. */
export function decodeSearchCursor(text: string, query: string): InstanceProgress {
  let parsed: SearchCursor | undefined;
  try {
    const result = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined)
    throw new AppError('validation_error', 'cursor: not a cursor of jira_search; start again without one');
  if (parsed.q !== query) {
    throw new AppError(
      'validation_error',
      'cursor: it belongs to another search (JQL, fields or instance_id differ); repeat that search or start again',
    );
  }
  return parsed.p;
}

/**
 * How many issues each instance still to read contributes to one page of `limit`: as even as possible, in
 * order, so that a page never exceeds `limit`. An instance given 0 is not asked this time.
 */
export function shares(limit: number, instances: number): number[] {
  const base = Math.floor(limit / instances);
  const extra = limit % instances;
  return Array.from({ length: instances }, (_, n) => base + (n < extra ? 1 : 0));
}

import { z } from 'zod';

/** Where the next page of a search resumes. Opaque to clients, as Jira's `nextPageToken` is. */
export const PageCursorSchema = z.discriminatedUnion('m', [
  /** After issue `i` whose sort time was `t` (keyset on a time index). */
  z.object({ m: z.literal('t'), h: z.number(), t: z.number(), i: z.number().int() }),
  /** At position `p` of segment `s` (walks in index or key order). */
  z.object({ m: z.literal('p'), h: z.number(), s: z.number().int().min(0), p: z.number().int().min(0) }),
  /** At offset `o` of a materialized, sorted result. */
  z.object({ m: z.literal('o'), h: z.number(), o: z.number().int().min(0) }),
]);

export type PageCursor = z.infer<typeof PageCursorSchema>;

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor in a token, or null when the token is not one of ours or belongs to another query. */
export function decodeCursor(token: string, queryHash: number): PageCursor | null {
  try {
    const parsed = PageCursorSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success && parsed.data.h === queryHash ? parsed.data : null;
  } catch {
    return null;
  }
}

/** FNV-1a of the JQL text: ties a token to the query that produced it. */
export function hashQuery(jql: string): number {
  let h = 2166136261;
  for (let i = 0; i < jql.length; i++) {
    h ^= jql.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

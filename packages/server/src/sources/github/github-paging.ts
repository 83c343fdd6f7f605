import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

/** The page number of a `link` header's rel="next" (GitHub pages only there), or undefined on the last page. */
export function nextPageOf(link: string | undefined): number | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part.trim());
    if (!match?.[1] || !match[2]?.split(/\s+/).includes('next')) continue;
    const page = Number(new URL(match[1]).searchParams.get('page'));
    return Number.isInteger(page) && page > 0 ? page : undefined;
  }
  return undefined;
}

const searchCursorSchema = z.object({ v: z.literal(1), q: z.string(), page: z.number().int().min(2) });

/** A search cursor is tied to its query (by hash) so it cannot page a different one. */
function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('base64url').slice(0, 16);
}

export function searchCursor(query: string, page: number): string {
  return Buffer.from(JSON.stringify({ v: 1, q: queryHash(query), page })).toString('base64url');
}

export function searchPage(cursor: string, query: string): number {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = searchCursorSchema.safeParse(value);
  if (!parsed.success || parsed.data.q !== queryHash(query)) {
    throw new AppError('validation_error', 'cursor: not a cursor of this search');
  }
  return parsed.data.page;
}

import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

/**
 * Where a team's walk stands, handed to the sync engine as an opaque string it may checkpoint across restarts.
 * `keyset`: every item updated before `at` has been delivered, and so have the items at `at` listed in `skip`.
 * `tie`: more items share one `updatedAt` millisecond than a page holds; the walk pages through that millisecond
 * with Linear's own cursor (`before`), then goes on from the next millisecond.
 */
const cursorSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    v: z.literal(1),
    mode: z.literal('keyset'),
    project: z.string(),
    at: z.iso.datetime({ offset: true }),
    skip: z.array(z.string()).max(250),
  }),
  z.strictObject({
    v: z.literal(1),
    mode: z.literal('tie'),
    project: z.string(),
    at: z.iso.datetime({ offset: true }),
    before: z.string().nullable(),
  }),
]);
export type FetchCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: FetchCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The cursor's state; validation_error when it is not one this adapter issued for `project`. */
export function decodeCursor(raw: string, project: string): FetchCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new AppError('validation_error', 'cursor: not a Linear sync cursor');
  if (parsed.data.project !== project) {
    throw new AppError('validation_error', `cursor: issued for team ${parsed.data.project}, not ${project}`);
  }
  return parsed.data;
}

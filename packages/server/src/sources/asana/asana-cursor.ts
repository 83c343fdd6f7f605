import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

/**
 * The fetchItems cursor: which project, the `modified_since` the walk queries with (offset tokens are only
 * valid for the exact query that issued them), and Asana's offset token. Plain JSON in base64url, so it
 * survives a process restart; it holds no secret.
 */
const cursorSchema = z.strictObject({
  v: z.literal(1),
  project: z.string().min(1),
  since: z.iso.datetime({ offset: true }).nullable(),
  offset: z.string().min(1),
});
export type FetchCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: FetchCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(raw: string, projectKey: string): FetchCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success || parsed.data.project !== projectKey) {
    throw new AppError('validation_error', `cursor: not a cursor of Asana project ${projectKey}`);
  }
  return parsed.data;
}

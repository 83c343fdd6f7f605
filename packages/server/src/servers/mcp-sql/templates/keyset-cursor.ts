import { z } from 'zod';

/**
 * The position after the last item of a page ordered `updated_at desc, id`: base64url of the JSON pair
 * [updated_at with microseconds, id]. Opaque to clients, and decoded strictly: anything but the exact
 * encoding of a valid pair is a validation error, never a database error.
 */
export interface KeysetPosition {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, as the template selects it (PostgreSQL keeps microseconds). */
  updatedAt: string;
  id: string;
}

const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
const MICROS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/;
const pairSchema = z.tuple([z.string().regex(MICROS), z.uuid()]);

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.updatedAt, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition | null {
  if (!CURSOR.test(cursor)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const pair = pairSchema.safeParse(decoded);
  if (!pair.success) return null;
  const [updatedAt, id] = pair.data;
  // A real instant: 2026-02-30 or 25:00 would otherwise reach PostgreSQL and fail there.
  const millis = MICROS.exec(updatedAt)?.[1] ?? '';
  const date = new Date(`${millis}Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== `${millis}Z` || date.getUTCFullYear() < 1)
    return null;
  const position = { updatedAt, id };
  // Canonical only: one position, one cursor.
  return encodeCursor(position) === cursor ? position : null;
}

export const cursorSchema = z
  .string()
  .max(200)
  .refine((value) => decodeCursor(value) !== null, { message: 'invalid cursor' })
  .describe('next_cursor of the previous page');

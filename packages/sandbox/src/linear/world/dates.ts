/** Time helpers: epoch milliseconds inside, ISO 8601 strings on the wire (as Linear: `2026-04-28T15:33:15.438Z`). */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO string or null for a column value where NaN means "not set". */
export function isoOrNull(ms: number): string | null {
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const DURATION =
  /^([+-])?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Reads a `DateTimeOrDuration` value: an ISO date-time, a bare year or date (`2021`, `2021-03-04`), or an ISO 8601
 * duration added to now (`-P2W1D` is two weeks and a day ago). Returns NaN for anything else.
 */
export function parseDateTimeOrDuration(value: unknown, nowMs: number): number {
  if (typeof value !== 'string' || value.length === 0) return Number.NaN;
  const match = DURATION.exec(value);
  if (match !== null && value !== 'P' && !value.endsWith('T')) {
    const n = (i: number): number => Number(match[i] ?? 0);
    const sign = match[1] === '-' ? -1 : 1;
    const ms =
      n(2) * 365 * DAY +
      n(3) * 30 * DAY +
      n(4) * 7 * DAY +
      n(5) * DAY +
      n(6) * HOUR +
      n(7) * 60_000 +
      n(8) * 1000;
    return nowMs + sign * ms;
  }
  if (/^\d{4}$/.test(value)) return Date.UTC(Number(value), 0, 1);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? Number.NaN : parsed;
}

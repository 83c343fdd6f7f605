import { z } from 'zod';

/**
 * Jira's timestamps, e.g. `2026-04-28T15:33:15.438+0200`. The offset has no colon, which ISO 8601's
 * extended format (all that Date.parse is specified to read) requires, so they are parsed field by field.
 */
const JIRA_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The instant of a Jira timestamp, or null when the text is not one. */
export function parseJiraTimestamp(text: string): Date | null {
  const m = JIRA_TIMESTAMP.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'), ms);
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const at = new Date(wall - offsetMinutes * 60_000);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** A Jira timestamp in a payload, read as a Date. */
export const jiraTimestampSchema = z.string().transform((text, ctx) => {
  const at = parseJiraTimestamp(text);
  if (at === null) {
    ctx.addIssue({ code: 'custom', message: 'not a Jira timestamp' });
    return z.NEVER;
  }
  return at;
});

const HOUR_MS = 3_600_000;

function wallClockParts(at: Date, timeZone: string): Record<string, number> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(at))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return parts;
}

function wallClockMs(at: Date, timeZone: string): number {
  const p = wallClockParts(at, timeZone);
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A JQL date literal (`yyyy-MM-dd HH:mm`) no later than `at`. JQL reads absolute dates in the searching
 * user's time zone at minute precision, so the literal is `at` rounded down to the minute on that user's
 * wall clock. Within two hours of a daylight-saving change a wall-clock minute can name two instants; the
 * literal is then taken two hours earlier, so that either reading stays at or before `at`. Without a usable
 * time zone the literal is the UTC wall clock 14 hours earlier, at or before `at` in every zone on Earth.
 * Callers drop the few extra items this lets through.
 */
export function jqlDateLiteral(at: Date, timeZone: string | null): string {
  const zone = timeZone !== null && isTimeZone(timeZone) ? timeZone : 'UTC';
  const t = at.getTime();
  let instant = at;
  if (zone !== timeZone) {
    instant = new Date(t - 14 * HOUR_MS);
  } else {
    const offsetAt = (ms: number): number =>
      wallClockMs(new Date(ms), zone) - Math.floor(ms / 60_000) * 60_000;
    const offset = offsetAt(t);
    if (offset !== offsetAt(t - 2 * HOUR_MS) || offset !== offsetAt(t + 2 * HOUR_MS))
      instant = new Date(t - 2 * HOUR_MS);
  }
  const p = wallClockParts(instant, zone);
  const two = (n: number | undefined): string => String(n ?? 0).padStart(2, '0');
  return `${String(p.year ?? 0).padStart(4, '0')}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

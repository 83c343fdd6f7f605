import { DAY, HOUR, MINUTE, WEEK, berlinOffset, fromLocal, startOfLocalDay } from '../time.ts';
import { JqlError } from './ast.ts';

const UNIT_MS: Record<string, number> = { w: WEEK, d: DAY, h: HOUR, m: MINUTE };

/** `-7d`, `4w 2d`, `+1h`, `-30m`: a signed duration in ms, or null when `text` is not a period. */
export function parsePeriod(text: string): number | null {
  const trimmed = text.trim();
  const match = /^([+-])?\s*((?:\d+\s*[wdhm]\s*)+)$/i.exec(trimmed);
  if (match === null) return null;
  const sign = match[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of (match[2] ?? '').matchAll(/(\d+)\s*([wdhm])/gi)) {
    total += Number(part[1]) * (UNIT_MS[(part[2] ?? 'm').toLowerCase()] ?? MINUTE);
  }
  return sign * total;
}

function invalid(value: string, field: string): JqlError {
  return new JqlError(
    `Date value '${value}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

/** A JQL date value (absolute in the site's time zone, or relative to `nowMs`) as an instant. */
export function parseDateValue(value: string, field: string, nowMs: number): number {
  const absolute = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(value.trim());
  if (absolute !== null) {
    const [, y, mo, d, h, mi] = absolute;
    const month = Number(mo);
    const day = Number(d);
    const hour = h === undefined ? 0 : Number(h);
    const minute = mi === undefined ? 0 : Number(mi);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59)
      throw invalid(value, field);
    return fromLocal(Number(y), month, day, hour, minute);
  }
  const period = parsePeriod(value);
  if (period !== null) return nowMs + period;
  throw invalid(value, field);
}

function localParts(ms: number): { y: number; m: number; d: number; dow: number } {
  const t = new Date(ms + berlinOffset(ms));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), dow: t.getUTCDay() };
}

/** Date functions: `now()`, `startOfDay()`, `endOfWeek("-1w")`, ...; null when `name` is not one. */
export function dateFunction(name: string, args: readonly string[], nowMs: number): number | null {
  const shift = args.length > 0 ? (parsePeriod(args[0] ?? '') ?? 0) : 0;
  const base = nowMs + shift;
  const { y, m, dow } = localParts(base);
  switch (name.toLowerCase()) {
    case 'now':
      return nowMs;
    case 'startofday':
      return startOfLocalDay(base);
    case 'endofday':
      return startOfLocalDay(base) + DAY - 1;
    case 'startofweek':
      return startOfLocalDay(base - dow * DAY);
    case 'endofweek':
      return startOfLocalDay(base + (6 - dow) * DAY) + DAY - 1;
    case 'startofmonth':
      return fromLocal(y, m, 1);
    case 'endofmonth':
      return (m === 12 ? fromLocal(y + 1, 1, 1) : fromLocal(y, m + 1, 1)) - 1;
    case 'startofyear':
      return fromLocal(y, 1, 1);
    case 'endofyear':
      return fromLocal(y + 1, 1, 1) - 1;
    default:
      return null;
  }
}

/**
 * Time as the fake site shows it. The site's time zone is Europe/Berlin, so timestamps look like Jira Cloud's
 * `2026-04-28T15:33:15.438+0200` and switch between +0100 and +0200 with daylight saving time.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12); arithmetic only, no Date objects. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number, as `year * 10000 + month * 100 + day` (one number: rendering calls this a lot). */
function civilFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (month <= 2 ? 1 : 0)) * 10000 + month * 100 + day;
}

/** 01:00 UTC on the last Sunday of `month` (1-12): when EU daylight saving time switches. */
function lastSundayOneUtc(year: number, month: number): number {
  const lastDay = daysFromCivil(year, month + 1, 1) - 1;
  const weekday = (((lastDay + 4) % 7) + 7) % 7;
  return (lastDay - weekday) * DAY + HOUR;
}

/** Offset of Europe/Berlin from UTC at instant `ms`, in ms. */
export function berlinOffset(ms: number): number {
  const year = Math.floor(civilFromDays(Math.floor(ms / DAY)) / 10000);
  return ms >= lastSundayOneUtc(year, 3) && ms < lastSundayOneUtc(year, 10) ? 2 * HOUR : HOUR;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

function localDate(local: number): string {
  const ymd = civilFromDays(Math.floor(local / DAY));
  return `${Math.floor(ymd / 10000)}-${pad2(Math.floor(ymd / 100) % 100)}-${pad2(ymd % 100)}`;
}

/** `2026-04-28T15:33:15.438+0200`. */
export function jiraTimestamp(ms: number): string {
  const offset = berlinOffset(ms);
  const local = ms + offset;
  const inDay = local - Math.floor(local / DAY) * DAY;
  const h = Math.floor(inDay / HOUR);
  const m = Math.floor((inDay % HOUR) / MINUTE);
  const sec = Math.floor((inDay % MINUTE) / 1000);
  return (
    `${localDate(local)}T${pad2(h)}:${pad2(m)}:${pad2(sec)}.${pad3(inDay % 1000)}` +
    (offset === 2 * HOUR ? '+0200' : '+0100')
  );
}

/** `2026-04-28`, the site-local date of `ms`. */
export function jiraDate(ms: number): string {
  return localDate(ms + berlinOffset(ms));
}

/** The instant of a site-local wall-clock time. */
export function fromLocal(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  return wall - berlinOffset(wall - HOUR);
}

/** Site-local midnight at the start of the day containing `ms`. */
export function startOfLocalDay(ms: number): number {
  const ymd = civilFromDays(Math.floor((ms + berlinOffset(ms)) / DAY));
  return fromLocal(Math.floor(ymd / 10000), Math.floor(ymd / 100) % 100, ymd % 100);
}

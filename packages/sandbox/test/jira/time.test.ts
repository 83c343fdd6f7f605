import { describe, expect, it } from 'vitest';
import { fromLocal, jiraDate, jiraTimestamp, startOfLocalDay } from '../../src/jira/time.ts';

describe('site time (Europe/Berlin)', () => {
  it('formats timestamps as Jira Cloud does, across daylight saving time', () => {
    expect(jiraTimestamp(Date.parse('2026-04-28T13:33:15.438Z'))).toBe('2026-04-28T15:33:15.438+0200');
    expect(jiraTimestamp(Date.parse('2026-01-05T08:00:00.005Z'))).toBe('2026-01-05T09:00:00.005+0100');
    // The switches: last Sunday of March and of October at 01:00 UTC.
    expect(jiraTimestamp(Date.parse('2026-03-29T00:59:59.999Z'))).toBe('2026-03-29T01:59:59.999+0100');
    expect(jiraTimestamp(Date.parse('2026-03-29T01:00:00.000Z'))).toBe('2026-03-29T03:00:00.000+0200');
    expect(jiraTimestamp(Date.parse('2026-10-25T01:00:00.000Z'))).toBe('2026-10-25T02:00:00.000+0100');
    expect(jiraDate(Date.parse('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });

  it('reads site-local wall-clock times', () => {
    expect(new Date(fromLocal(2026, 7, 1, 0, 0)).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(new Date(fromLocal(2026, 12, 24, 18, 30)).toISOString()).toBe('2026-12-24T17:30:00.000Z');
    expect(new Date(startOfLocalDay(Date.parse('2026-06-30T22:30:00Z'))).toISOString()).toBe(
      '2026-06-30T22:00:00.000Z',
    );
  });
});

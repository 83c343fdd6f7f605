import { describe, expect, it } from 'vitest';
import { jqlDateLiteral, parseJiraTimestamp } from '../../../src/sources/jira/jira-time.ts';

describe('jira timestamps', () => {
  it('reads Jira’s offsets without a colon, with a colon, and Z', () => {
    expect(
      [
        '2026-04-28T15:33:15.438+0200',
        '2026-01-05T09:00:00.000-0530',
        '2026-04-28T15:33:15+02:00',
        '2026-04-28T13:33:15.4Z',
        '2026-04-28T15:33',
        '28/04/2026',
      ].map((t) => parseJiraTimestamp(t)?.toISOString() ?? null),
    ).toEqual([
      '2026-04-28T13:33:15.438Z',
      '2026-01-05T14:30:00.000Z',
      '2026-04-28T13:33:15.000Z',
      '2026-04-28T13:33:15.400Z',
      null,
      null,
    ]);
  });

  it('writes JQL minute literals on the user’s wall clock, rounded down', () => {
    const at = new Date('2026-04-28T13:33:59.999Z');
    expect([
      jqlDateLiteral(at, 'Europe/Berlin'),
      jqlDateLiteral(at, 'Asia/Kolkata'),
      jqlDateLiteral(at, 'UTC'),
    ]).toEqual(['2026-04-28 15:33', '2026-04-28 19:03', '2026-04-28 13:33']);
  });

  it('steps two hours back near a daylight-saving change, and 14 hours back without a time zone', () => {
    // Berlin falls back at 01:00 UTC on 2026-10-25: 02:30 local names two instants.
    expect(jqlDateLiteral(new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25 00:30');
    expect(jqlDateLiteral(new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25 01:30');
    expect(jqlDateLiteral(new Date('2026-10-25T05:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25 06:30');
    expect(jqlDateLiteral(new Date('2026-04-28T13:33:00Z'), null)).toBe('2026-04-27 23:33');
    expect(jqlDateLiteral(new Date('2026-04-28T13:33:00Z'), 'Not/AZone')).toBe('2026-04-27 23:33');
  });
});

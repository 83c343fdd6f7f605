import { expect } from 'vitest';
import type { ItemRow } from './synced-data.ts';

/** The list entry a template should answer for an item, built here from the owner's row. */
export function summaryOf(row: ItemRow): Record<string, unknown> {
  return {
    key: row.source_key,
    source: row.source,
    instance_id: row.instance_id,
    project_key: row.project_key,
    title: row.title,
    type: row.type,
    status: row.status,
    original_status: row.original_status,
    priority: row.priority,
    assignee:
      row.assignee_account_id === null
        ? null
        : { account_id: row.assignee_account_id, name: row.assignee_name },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    closed_at: row.closed_at?.toISOString() ?? null,
    status_changed_at: row.status_changed_at?.toISOString() ?? null,
  };
}

/** updated_at descending, then id ascending (uuid order is the order of its lowercase hex text). */
export function newestFirst(a: ItemRow, b: ItemRow): number {
  const byTime = b.updated_at.getTime() - a.updated_at.getTime();
  return byTime !== 0 ? byTime : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * Deep equality where numbers may differ by `tolerance`: the database and this test round averages to two
 * decimals after summing in a different order.
 */
export function expectClose(actual: unknown, expected: unknown, tolerance = 0.011): void {
  expect(approximate(actual, expected, tolerance)).toEqual(expected);
}

function approximate(actual: unknown, expected: unknown, tolerance: number): unknown {
  if (typeof actual === 'number' && typeof expected === 'number')
    return Math.abs(actual - expected) <= tolerance ? expected : actual;
  if (Array.isArray(actual) && Array.isArray(expected))
    return actual.map((a, i) => approximate(a, expected[i], tolerance));
  if (isRecord(actual) && isRecord(expected))
    return Object.fromEntries(
      Object.entries(actual).map(([k, v]) => [k, approximate(v, expected[k], tolerance)]),
    );
  return actual;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `day` moved by `offset` days. */
export function shiftDay(day: string, offset: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

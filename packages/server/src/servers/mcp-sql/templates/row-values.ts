import { z } from 'zod';

/**
 * Readers of the column types templates select. Both drivers read timestamptz as Date; templates select
 * dates as text (a JS Date would move a calendar day to local midnight) and cast counts to int and averages
 * to float8, so that no numeric arrives as a string.
 */
export const timestampColumn = z.date().transform((d) => d.toISOString());

export const dayColumn = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const countColumn = z.number().int();

/** A float column (hours, days, similarity), rounded for the answer. */
export const decimalColumn = z.number().transform((n) => round2(n));

/** Two decimals: the precision a person reads, and what keeps answers stable across drivers. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

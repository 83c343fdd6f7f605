import { AppError } from '../../errors/app-error.ts';

/** Size of a value as the JSON a client receives, in bytes. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * The answer of the longest prefix of `rows` whose JSON (with `truncated`) fits in `maxBytes` (design rule
 * 10). Shapes all rows first, as almost every answer fits; otherwise finds the prefix by bisection, since a
 * shaped answer need not grow row by row like the rows themselves.
 */
export function capAnswer<T extends object>(
  rows: readonly Record<string, unknown>[],
  shape: (rows: readonly Record<string, unknown>[], truncated: boolean) => T,
  maxBytes: number,
  alreadyTruncated: boolean,
): { value: T; truncated: boolean } {
  const whole = shape(rows, alreadyTruncated);
  if (jsonBytes({ ...whole, truncated: alreadyTruncated }) <= maxBytes)
    return { value: whole, truncated: alreadyTruncated };
  const fits = (count: number): T | undefined => {
    const value = shape(rows.slice(0, count), true);
    return jsonBytes({ ...value, truncated: true }) <= maxBytes ? value : undefined;
  };
  let best: { count: number; value: T } | undefined;
  let low = 1;
  let high = rows.length - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const value = fits(middle);
    if (value === undefined) {
      high = middle - 1;
    } else {
      best = { count: middle, value };
      low = middle + 1;
    }
  }
  // Not even one row fits: a template whose rows can be that large needs a smaller select list, not a cut.
  if (best === undefined) throw new AppError('internal', 'answer exceeds the byte cap');
  return { value: best.value, truncated: true };
}

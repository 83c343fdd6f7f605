import { LinearApiError } from '../api/errors.ts';
import { parseDateTimeOrDuration } from '../world/dates.ts';

/** Scalar kinds a filter field compares. Dates are epoch ms (NaN or null when unset). */
export type ScalarKind = 'date' | 'number' | 'string' | 'id' | 'bool';
export type Scalar = number | string | boolean | null;
export type Test = (value: Scalar) => boolean;

export function unsupported(path: string): LinearApiError {
  return new LinearApiError('INPUT_ERROR', `Filter ${path} is not supported by the Linear sandbox`);
}

function invalid(path: string, value: unknown): LinearApiError {
  return new LinearApiError('INPUT_ERROR', `Invalid filter value at ${path}: ${JSON.stringify(value)}`);
}

function isNull(value: Scalar): boolean {
  return value === null || (typeof value === 'number' && Number.isNaN(value));
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Compiles one comparator object (`{gt: ..., lte: ...}`) into a test; all its operators must hold. */
export function compileComparator(kind: ScalarKind, comparator: unknown, nowMs: number, path: string): Test {
  if (comparator === null || typeof comparator !== 'object') throw invalid(path, comparator);
  const tests: Test[] = [];
  const coerce = (raw: unknown, at: string): Scalar => {
    if (kind === 'date') {
      const ms = parseDateTimeOrDuration(raw, nowMs);
      if (Number.isNaN(ms)) throw invalid(at, raw);
      return ms;
    }
    if (kind === 'number') {
      if (typeof raw !== 'number') throw invalid(at, raw);
      return raw;
    }
    if (kind === 'bool') {
      if (typeof raw !== 'boolean') throw invalid(at, raw);
      return raw;
    }
    if (typeof raw !== 'string') throw invalid(at, raw);
    return raw;
  };
  const list = (raw: unknown, at: string): Scalar[] => {
    if (!Array.isArray(raw)) throw invalid(at, raw);
    return raw.map((item) => coerce(item, at));
  };
  for (const [op, raw] of Object.entries(comparator as Record<string, unknown>)) {
    if (raw === undefined) continue;
    const at = `${path}.${op}`;
    if (op === 'null') {
      if (typeof raw !== 'boolean') throw invalid(at, raw);
      tests.push((v) => isNull(v) === raw);
      continue;
    }
    if (raw === null) continue;
    switch (op) {
      case 'eq': {
        const x = coerce(raw, at);
        tests.push((v) => !isNull(v) && v === x);
        break;
      }
      case 'neq': {
        const x = coerce(raw, at);
        tests.push((v) => isNull(v) || v !== x);
        break;
      }
      case 'in': {
        const xs = new Set(list(raw, at));
        tests.push((v) => !isNull(v) && xs.has(v));
        break;
      }
      case 'nin': {
        const xs = new Set(list(raw, at));
        tests.push((v) => isNull(v) || !xs.has(v));
        break;
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        if (kind !== 'date' && kind !== 'number') throw unsupported(at);
        const x = coerce(raw, at) as number;
        if (op === 'gt') tests.push((v) => !isNull(v) && (v as number) > x);
        else if (op === 'gte') tests.push((v) => !isNull(v) && (v as number) >= x);
        else if (op === 'lt') tests.push((v) => !isNull(v) && (v as number) < x);
        else tests.push((v) => !isNull(v) && (v as number) <= x);
        break;
      }
      default:
        if (kind !== 'string') throw unsupported(at);
        tests.push(stringTest(op, coerce(raw, at) as string, at));
    }
  }
  if (tests.length === 1) return tests[0]!;
  return (v) => tests.every((test) => test(v));
}

function stringTest(op: string, x: string, at: string): Test {
  const lower = x.toLowerCase();
  const text = (v: Scalar): string | null => (typeof v === 'string' ? v : null);
  switch (op) {
    case 'eqIgnoreCase':
      return (v) => text(v)?.toLowerCase() === lower;
    case 'neqIgnoreCase':
      return (v) => text(v)?.toLowerCase() !== lower;
    case 'startsWith':
      return (v) => text(v)?.startsWith(x) === true;
    case 'startsWithIgnoreCase':
      return (v) => text(v)?.toLowerCase().startsWith(lower) === true;
    case 'notStartsWith':
      return (v) => text(v)?.startsWith(x) !== true;
    case 'endsWith':
      return (v) => text(v)?.endsWith(x) === true;
    case 'notEndsWith':
      return (v) => text(v)?.endsWith(x) !== true;
    case 'contains':
      return (v) => text(v)?.includes(x) === true;
    case 'containsIgnoreCase':
      return (v) => text(v)?.toLowerCase().includes(lower) === true;
    case 'containsIgnoreCaseAndAccent': {
      const folded = fold(x);
      return (v) => {
        const s = text(v);
        return s !== null && fold(s).includes(folded);
      };
    }
    case 'notContains':
      return (v) => text(v)?.includes(x) !== true;
    case 'notContainsIgnoreCase':
      return (v) => text(v)?.toLowerCase().includes(lower) !== true;
    default:
      throw unsupported(at);
  }
}

/** The lower bound a comparator puts on a timestamp (`gt`/`gte`/`eq`), or -Infinity; lets a sorted walk stop early. */
export function lowerBoundOf(comparator: unknown, nowMs: number): number {
  if (comparator === null || typeof comparator !== 'object') return -Infinity;
  let bound = -Infinity;
  for (const op of ['gt', 'gte', 'eq'] as const) {
    const raw = (comparator as Record<string, unknown>)[op];
    if (raw === undefined || raw === null) continue;
    const ms = parseDateTimeOrDuration(raw, nowMs);
    if (!Number.isNaN(ms)) bound = Math.max(bound, ms);
  }
  return bound;
}

import type { LinearStore } from '../world/store.ts';
import { compileComparator, unsupported, type Scalar, type ScalarKind } from './comparators.ts';

/** What a filter is compiled against. */
export interface FilterContext {
  store: LinearStore;
  viewer: number;
  nowMs: number;
}

export type EntityKind = 'team' | 'state' | 'user' | 'project' | 'label';

/** How one filter field reads its value from a T. */
export type Spec<T> =
  | { kind: ScalarKind; get: (x: T) => Scalar }
  | { kind: 'relation'; target: EntityKind; get: (x: T) => number }
  | { kind: 'custom'; compile: (value: unknown, ctx: FilterContext, path: string) => (x: T) => boolean };

export type Specs<T> = Record<string, Spec<T>>;
export type Predicate<T> = (x: T) => boolean;

/** Spec tables per entity kind; supplied by specs.ts (kept apart so this engine has no knowledge of fields). */
export interface EntitySpecs {
  of(kind: EntityKind): { specs: Specs<never>; records: readonly unknown[] };
}

/**
 * Compiles a Linear filter input object (`IssueFilter`, `TeamFilter`...) into a predicate. Every field must be known to
 * the spec table: an unsupported field is refused with an error rather than silently ignored.
 */
export function compileFilter<T>(
  filter: unknown,
  specs: Specs<T>,
  ctx: FilterContext,
  entities: EntitySpecs,
  path: string,
): Predicate<T> {
  if (filter === null || filter === undefined) return () => true;
  if (typeof filter !== 'object') throw unsupported(path);
  const tests: Predicate<T>[] = [];
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (value === undefined || value === null || key === 'null') continue;
    const at = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw unsupported(at);
      const parts = value.map((part, i) => compileFilter(part, specs, ctx, entities, `${at}[${i}]`));
      tests.push(key === 'and' ? (x) => parts.every((p) => p(x)) : (x) => parts.some((p) => p(x)));
      continue;
    }
    const spec = specs[key];
    if (spec === undefined) throw unsupported(at);
    switch (spec.kind) {
      case 'relation': {
        const test = relationTest(spec.target, value, ctx, entities, at);
        tests.push((x) => test(spec.get(x)));
        break;
      }
      case 'custom':
        tests.push(spec.compile(value, ctx, at));
        break;
      default: {
        const test = compileComparator(spec.kind, value, ctx.nowMs, at);
        tests.push((x) => test(spec.get(x)));
      }
    }
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (x) => tests.every((test) => test(x));
}

/**
 * A test on a related entity index (-1 = none) from a nested, possibly nullable filter (`{null: true}` asks for no
 * relation). Entity sets are small, so the nested filter is evaluated once per entity into a mask.
 */
export function relationTest(
  target: EntityKind,
  value: unknown,
  ctx: FilterContext,
  entities: EntitySpecs,
  path: string,
): (v: number) => boolean {
  const nested = value as Record<string, unknown>;
  const wantsNull = nested['null'];
  const rest = Object.entries(nested).filter(([k, v]) => k !== 'null' && v !== undefined && v !== null);
  let mask: Uint8Array | null = null;
  if (rest.length > 0) {
    const { specs, records } = entities.of(target);
    const predicate = compileFilter(Object.fromEntries(rest), specs as Specs<unknown>, ctx, entities, path);
    mask = new Uint8Array(records.length);
    records.forEach((record, i) => {
      mask![i] = predicate(record) ? 1 : 0;
    });
  }
  if (wantsNull === true) return (v) => v < 0;
  if (mask === null) return wantsNull === false ? (v) => v >= 0 : () => true;
  const m = mask;
  return (v) => v >= 0 && m[v] === 1;
}

import { IntList } from './int-list.ts';

/**
 * Issue indexes sorted by a time column, ties broken by index: the order `ORDER BY updated` pages walk.
 * Reads the column through a getter because the issue table reallocates its columns when it grows.
 */
export class SortedIndex {
  readonly list: IntList;

  constructor(
    private readonly column: () => Float64Array,
    members: readonly number[] | Int32Array,
  ) {
    const keys = column();
    const sorted = Int32Array.from(members).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
    this.list = new IntList(sorted.length + 16);
    this.list.data.set(sorted);
    this.list.length = sorted.length;
  }

  get length(): number {
    return this.list.length;
  }

  at(position: number): number {
    return this.list.at(position);
  }

  /** First position whose (key, index) is not below (`key`, `index`). */
  lowerBound(key: number, index: number): number {
    const keys = this.column();
    const data = this.list.data;
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const member = data[mid] ?? 0;
      const k = keys[member] ?? 0;
      if (k < key || (k === key && member < index)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(index: number): void {
    this.list.insertAt(this.lowerBound(this.column()[index] ?? 0, index), index);
  }

  /** Removes `index`, which was filed under `oldKey` (the column may already hold its new value). */
  remove(index: number, oldKey: number): void {
    const position = this.lowerBound(oldKey, index);
    if (this.list.at(position) === index) this.list.removeAt(position);
  }
}

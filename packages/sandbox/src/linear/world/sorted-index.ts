/**
 * Issue indices kept sorted by one timestamp column (ties by index), so a page of issues ordered by `createdAt` or
 * `updatedAt` is a walk from a binary-searched position instead of a sort of every issue.
 */
export class SortedIndex {
  private order: Int32Array;
  private size = 0;

  constructor(
    private readonly key: (idx: number) => number,
    capacity: number,
  ) {
    this.order = new Int32Array(Math.max(16, capacity));
  }

  get length(): number {
    return this.size;
  }

  /** Indexes items 0..count-1 at once (start-up). */
  build(count: number): void {
    this.ensure(count);
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) keys[i] = this.key(i);
    const all = new Int32Array(count);
    for (let i = 0; i < count; i++) all[i] = i;
    all.sort((a, b) => keys[a]! - keys[b]! || a - b);
    this.order.set(all);
    this.size = count;
  }

  /** The item at a position (0 = smallest key). */
  at(position: number): number {
    return this.order[position]!;
  }

  /** First position whose (key, idx) is not below (key, idx). */
  lowerBound(key: number, idx: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = this.order[mid]!;
      const k = this.key(item);
      if (k < key || (k === key && item < idx)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of an indexed item, or -1. */
  positionOf(idx: number): number {
    const p = this.lowerBound(this.key(idx), idx);
    return p < this.size && this.order[p] === idx ? p : -1;
  }

  insert(idx: number): void {
    this.ensure(this.size + 1);
    const p = this.lowerBound(this.key(idx), idx);
    this.order.copyWithin(p + 1, p, this.size);
    this.order[p] = idx;
    this.size++;
  }

  /** Removes an item; call before its key changes (the search uses the current key). */
  remove(idx: number): void {
    const p = this.positionOf(idx);
    if (p < 0) return;
    this.order.copyWithin(p, p + 1, this.size);
    this.size--;
  }

  private ensure(capacity: number): void {
    if (capacity <= this.order.length) return;
    const next = new Int32Array(Math.max(capacity, this.order.length * 2));
    next.set(this.order.subarray(0, this.size));
    this.order = next;
  }
}

/** A growable list of int32 values (issue indexes) without the per-element cost of a JS array. */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(Math.max(4, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    this.length += 1;
  }

  /** Inserts `value` at `position`, shifting the tail right. */
  insertAt(position: number, value: number): void {
    this.push(0);
    this.data.copyWithin(position + 1, position, this.length - 1);
    this.data[position] = value;
  }

  removeAt(position: number): void {
    this.data.copyWithin(position, position + 1, this.length);
    this.length -= 1;
  }

  /** The value at `position`, or -1 outside 0..length-1 (the backing array has spare capacity). */
  at(position: number): number {
    if (!Number.isInteger(position) || position < 0 || position >= this.length) return -1;
    return this.data[position] ?? -1;
  }
}

/**
 * The compact table of work items: a few numbers per issue or pull request in typed arrays (about 40 bytes an
 * item), enough to filter, sort and page without touching the full records. Times are epoch seconds.
 */

export const FLAG = {
  pullRequest: 1,
  open: 2,
  deleted: 4,
  draft: 8,
  locked: 16,
} as const;

/** `state_reason` values by their code in the table (0: none). */
export const STATE_REASONS = [null, 'completed', 'not_planned', 'reopened', 'duplicate'] as const;
export type StateReasonCode = (typeof STATE_REASONS)[number];

export function reasonCode(reason: StateReasonCode): number {
  return STATE_REASONS.indexOf(reason);
}

export interface ItemRow {
  repo: number;
  number: number;
  seed: number;
  createdAt: number;
  updatedAt: number;
  closedAt: number;
  mergedAt: number;
  flags: number;
  /** First assignee's user index, -1 when unassigned. */
  assignee: number;
  author: number;
  labels: number;
  comments: number;
  /** Index into STATE_REASONS. */
  reason: number;
}

export class ItemTable {
  size = 0;
  repo: Uint16Array;
  number: Uint32Array;
  seed: Uint32Array;
  createdAt: Uint32Array;
  updatedAt: Uint32Array;
  closedAt: Uint32Array;
  mergedAt: Uint32Array;
  flags: Uint8Array;
  assignee: Int16Array;
  author: Uint16Array;
  labels: Uint32Array;
  comments: Uint16Array;
  reason: Uint8Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.repo = new Uint16Array(c);
    this.number = new Uint32Array(c);
    this.seed = new Uint32Array(c);
    this.createdAt = new Uint32Array(c);
    this.updatedAt = new Uint32Array(c);
    this.closedAt = new Uint32Array(c);
    this.mergedAt = new Uint32Array(c);
    this.flags = new Uint8Array(c);
    this.assignee = new Int16Array(c);
    this.author = new Uint16Array(c);
    this.labels = new Uint32Array(c);
    this.comments = new Uint16Array(c);
    this.reason = new Uint8Array(c);
  }

  /** Appends a row and returns its index (the item's global index). */
  add(row: ItemRow): number {
    if (this.size === this.repo.length) this.grow();
    const g = this.size++;
    this.set(g, row);
    return g;
  }

  set(g: number, row: ItemRow): void {
    this.repo[g] = row.repo;
    this.number[g] = row.number;
    this.seed[g] = row.seed;
    this.createdAt[g] = row.createdAt;
    this.updatedAt[g] = row.updatedAt;
    this.closedAt[g] = row.closedAt;
    this.mergedAt[g] = row.mergedAt;
    this.flags[g] = row.flags;
    this.assignee[g] = row.assignee;
    this.author[g] = row.author;
    this.labels[g] = row.labels;
    this.comments[g] = row.comments;
    this.reason[g] = row.reason;
  }

  has(g: number, flag: number): boolean {
    return ((this.flags[g] ?? 0) & flag) !== 0;
  }

  setFlag(g: number, flag: number, on: boolean): void {
    const current = this.flags[g] ?? 0;
    this.flags[g] = on ? current | flag : current & ~flag;
  }

  private grow(): void {
    const c = this.repo.length * 2;
    const copy = <T extends Uint8Array | Uint16Array | Int16Array | Uint32Array>(
      old: T,
      make: (n: number) => T,
    ): T => {
      const next = make(c);
      next.set(old);
      return next;
    };
    this.repo = copy(this.repo, (n) => new Uint16Array(n));
    this.number = copy(this.number, (n) => new Uint32Array(n));
    this.seed = copy(this.seed, (n) => new Uint32Array(n));
    this.createdAt = copy(this.createdAt, (n) => new Uint32Array(n));
    this.updatedAt = copy(this.updatedAt, (n) => new Uint32Array(n));
    this.closedAt = copy(this.closedAt, (n) => new Uint32Array(n));
    this.mergedAt = copy(this.mergedAt, (n) => new Uint32Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.assignee = copy(this.assignee, (n) => new Int16Array(n));
    this.author = copy(this.author, (n) => new Uint16Array(n));
    this.labels = copy(this.labels, (n) => new Uint32Array(n));
    this.comments = copy(this.comments, (n) => new Uint16Array(n));
    this.reason = copy(this.reason, (n) => new Uint8Array(n));
  }
}

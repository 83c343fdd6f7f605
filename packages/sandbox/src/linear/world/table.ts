import { SortedIndex } from './sorted-index.ts';

/**
 * The hot fields of every issue as typed-array columns (about 100 bytes an issue): enough to filter, sort and page
 * 200,000 issues without materializing them. Text, history and comments are derived per issue on demand.
 * -1 means "none" in index columns; NaN means "not set" in time columns.
 */
export class IssueTable {
  count = 0;
  team = new Uint8Array(0);
  number = new Int32Array(0);
  state = new Uint16Array(0);
  assignee = new Int32Array(0);
  creator = new Int32Array(0);
  priority = new Uint8Array(0);
  estimate = new Int16Array(0);
  project = new Int32Array(0);
  parent = new Int32Array(0);
  labels = new Uint32Array(0);
  trashed = new Uint8Array(0);
  /** 1 where the seeded issue's title was revised once (its history has the title change). */
  retitled = new Uint8Array(0);
  commentCount = new Uint16Array(0);
  historyCount = new Uint16Array(0);
  createdAt = new Float64Array(0);
  updatedAt = new Float64Array(0);
  startedAt = new Float64Array(0);
  completedAt = new Float64Array(0);
  canceledAt = new Float64Array(0);
  triagedAt = new Float64Array(0);
  archivedAt = new Float64Array(0);

  readonly byCreated: SortedIndex;
  readonly byUpdated: SortedIndex;
  /** Sub-issues of each parent, in creation order. */
  readonly children = new Map<number, number[]>();
  /** Per team, issue index by number - 1. */
  readonly numbers: number[][] = [];

  constructor(capacity: number) {
    this.grow(Math.max(16, capacity));
    this.byCreated = new SortedIndex((i) => this.createdAt[i]!, capacity);
    this.byUpdated = new SortedIndex((i) => this.updatedAt[i]!, capacity);
  }

  /** Appends a blank row and returns its index. */
  add(): number {
    if (this.count === this.team.length) this.grow(this.count * 2);
    return this.count++;
  }

  /** Issue index of `team`'s issue `number`, or -1. */
  byNumber(team: number, number: number): number {
    return this.numbers[team]?.[number - 1] ?? -1;
  }

  registerNumber(team: number, number: number, idx: number): void {
    let list = this.numbers[team];
    if (list === undefined) {
      list = [];
      this.numbers[team] = list;
    }
    list[number - 1] = idx;
  }

  nextNumber(team: number): number {
    return (this.numbers[team]?.length ?? 0) + 1;
  }

  addChild(parent: number, child: number): void {
    const list = this.children.get(parent);
    if (list === undefined) this.children.set(parent, [child]);
    else list.push(child);
  }

  removeChild(parent: number, child: number): void {
    const list = this.children.get(parent);
    if (list === undefined) return;
    const at = list.indexOf(child);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.children.delete(parent);
  }

  private grow(capacity: number): void {
    const copy = <T extends { length: number; set(src: ArrayLike<number>): void }>(
      old: T,
      make: (n: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.team = copy(this.team, (n) => new Uint8Array(n));
    this.number = copy(this.number, (n) => new Int32Array(n));
    this.state = copy(this.state, (n) => new Uint16Array(n));
    this.assignee = copy(this.assignee, (n) => new Int32Array(n));
    this.creator = copy(this.creator, (n) => new Int32Array(n));
    this.priority = copy(this.priority, (n) => new Uint8Array(n));
    this.estimate = copy(this.estimate, (n) => new Int16Array(n));
    this.project = copy(this.project, (n) => new Int32Array(n));
    this.parent = copy(this.parent, (n) => new Int32Array(n));
    this.labels = copy(this.labels, (n) => new Uint32Array(n));
    this.trashed = copy(this.trashed, (n) => new Uint8Array(n));
    this.retitled = copy(this.retitled, (n) => new Uint8Array(n));
    this.commentCount = copy(this.commentCount, (n) => new Uint16Array(n));
    this.historyCount = copy(this.historyCount, (n) => new Uint16Array(n));
    this.createdAt = copy(this.createdAt, (n) => new Float64Array(n));
    this.updatedAt = copy(this.updatedAt, (n) => new Float64Array(n));
    this.startedAt = copy(this.startedAt, (n) => new Float64Array(n));
    this.completedAt = copy(this.completedAt, (n) => new Float64Array(n));
    this.canceledAt = copy(this.canceledAt, (n) => new Float64Array(n));
    this.triagedAt = copy(this.triagedAt, (n) => new Float64Array(n));
    this.archivedAt = copy(this.archivedAt, (n) => new Float64Array(n));
  }
}

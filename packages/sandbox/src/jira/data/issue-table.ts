/**
 * Every issue as one row of typed arrays: about 60 bytes an issue, so 200,000 issues fit in a dozen MB.
 * Text, descriptions, comments and changelogs are not stored: they are derived from `seed` on demand.
 * Columns that searches filter or sort on (project, status, assignee, updated, ...) are kept current by writes.
 */
export class IssueTable {
  count = 0;
  project = new Uint8Array(0);
  /** Issue number within its project (the 123 of PAY-123). */
  num = new Int32Array(0);
  type = new Uint8Array(0);
  priority = new Uint8Array(0);
  status = new Uint8Array(0);
  /** Person index, -1 when unassigned. */
  assignee = new Int16Array(0);
  reporter = new Int16Array(0);
  created = new Float64Array(0);
  updated = new Float64Array(0);
  statusChanged = new Float64Array(0);
  /** NaN while unresolved. */
  resolved = new Float64Array(0);
  /** Issue index of the parent (epic or parent of a sub-task), -1 when none. */
  parent = new Int32Array(0);
  seed = new Uint32Array(0);
  /** Bit i set when the issue carries `LABELS[i]` (ignored once labels were written: see the overlay). */
  labels = new Uint16Array(0);
  /** Component index within the project, -1 when none. */
  component = new Int8Array(0);
  /** Story points, 0 when not estimated. */
  points = new Uint8Array(0);
  /** Sprint number (14-day periods since the sprint origin), -1 when in no sprint. */
  sprint = new Int16Array(0);
  /** How many changelog entries and comments the seed generates (written ones live in the overlay). */
  genHistories = new Uint8Array(0);
  genComments = new Uint8Array(0);
  deleted = new Uint8Array(0);

  constructor(capacity: number) {
    this.resize(Math.max(16, capacity));
  }

  get capacity(): number {
    return this.num.length;
  }

  /** Appends an empty row and returns its index. */
  add(): number {
    if (this.count === this.capacity) this.resize(this.capacity * 2);
    const row = this.count;
    this.count += 1;
    this.assignee[row] = -1;
    this.reporter[row] = -1;
    this.parent[row] = -1;
    this.component[row] = -1;
    this.sprint[row] = -1;
    this.resolved[row] = Number.NaN;
    return row;
  }

  private resize(capacity: number): void {
    const grow = <T extends { length: number; set(a: ArrayLike<number>): void }>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.project = grow(this.project, (n) => new Uint8Array(n));
    this.num = grow(this.num, (n) => new Int32Array(n));
    this.type = grow(this.type, (n) => new Uint8Array(n));
    this.priority = grow(this.priority, (n) => new Uint8Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    this.assignee = grow(this.assignee, (n) => new Int16Array(n));
    this.reporter = grow(this.reporter, (n) => new Int16Array(n));
    this.created = grow(this.created, (n) => new Float64Array(n));
    this.updated = grow(this.updated, (n) => new Float64Array(n));
    this.statusChanged = grow(this.statusChanged, (n) => new Float64Array(n));
    this.resolved = grow(this.resolved, (n) => new Float64Array(n));
    this.parent = grow(this.parent, (n) => new Int32Array(n));
    this.seed = grow(this.seed, (n) => new Uint32Array(n));
    this.labels = grow(this.labels, (n) => new Uint16Array(n));
    this.component = grow(this.component, (n) => new Int8Array(n));
    this.points = grow(this.points, (n) => new Uint8Array(n));
    this.sprint = grow(this.sprint, (n) => new Int16Array(n));
    this.genHistories = grow(this.genHistories, (n) => new Uint8Array(n));
    this.genComments = grow(this.genComments, (n) => new Uint8Array(n));
    this.deleted = grow(this.deleted, (n) => new Uint8Array(n));
  }
}

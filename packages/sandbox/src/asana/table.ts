/**
 * The compact task table: a few numbers per task in typed arrays (about 60 bytes a task), enough to filter and
 * page without building full records. Times are epoch milliseconds (Asana reports milliseconds).
 */

export const TASK_FLAG = { completed: 1, deleted: 2 } as const;

export interface TaskRow {
  project: number;
  section: number;
  flags: number;
  assignee: number;
  creator: number;
  completedBy: number;
  seed: number;
  createdAt: number;
  modifiedAt: number;
  /** Last change of any kind, associations and stories included (for `modified_since`). */
  touchedAt: number;
  completedAt: number;
  /** Days since the epoch, -1 without a due date. */
  dueDay: number;
}

export class TaskTable {
  size = 0;
  project: Uint16Array;
  section: Uint8Array;
  flags: Uint8Array;
  assignee: Int16Array;
  creator: Uint16Array;
  completedBy: Int16Array;
  seed: Uint32Array;
  createdAt: Float64Array;
  modifiedAt: Float64Array;
  touchedAt: Float64Array;
  completedAt: Float64Array;
  dueDay: Int32Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.project = new Uint16Array(c);
    this.section = new Uint8Array(c);
    this.flags = new Uint8Array(c);
    this.assignee = new Int16Array(c);
    this.creator = new Uint16Array(c);
    this.completedBy = new Int16Array(c);
    this.seed = new Uint32Array(c);
    this.createdAt = new Float64Array(c);
    this.modifiedAt = new Float64Array(c);
    this.touchedAt = new Float64Array(c);
    this.completedAt = new Float64Array(c);
    this.dueDay = new Int32Array(c);
  }

  add(row: TaskRow): number {
    if (this.size === this.project.length) this.grow();
    const g = this.size++;
    this.project[g] = row.project;
    this.section[g] = row.section;
    this.flags[g] = row.flags;
    this.assignee[g] = row.assignee;
    this.creator[g] = row.creator;
    this.completedBy[g] = row.completedBy;
    this.seed[g] = row.seed;
    this.createdAt[g] = row.createdAt;
    this.modifiedAt[g] = row.modifiedAt;
    this.touchedAt[g] = row.touchedAt;
    this.completedAt[g] = row.completedAt;
    this.dueDay[g] = row.dueDay;
    return g;
  }

  has(g: number, flag: number): boolean {
    return ((this.flags[g] ?? 0) & flag) !== 0;
  }

  setFlag(g: number, flag: number, on: boolean): void {
    const current = this.flags[g] ?? 0;
    this.flags[g] = on ? current | flag : current & ~flag;
  }

  private grow(): void {
    const c = this.project.length * 2;
    const copy = <T extends Uint8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float64Array>(
      old: T,
      make: (n: number) => T,
    ): T => {
      const next = make(c);
      next.set(old);
      return next;
    };
    this.project = copy(this.project, (n) => new Uint16Array(n));
    this.section = copy(this.section, (n) => new Uint8Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.assignee = copy(this.assignee, (n) => new Int16Array(n));
    this.creator = copy(this.creator, (n) => new Uint16Array(n));
    this.completedBy = copy(this.completedBy, (n) => new Int16Array(n));
    this.seed = copy(this.seed, (n) => new Uint32Array(n));
    this.createdAt = copy(this.createdAt, (n) => new Float64Array(n));
    this.modifiedAt = copy(this.modifiedAt, (n) => new Float64Array(n));
    this.touchedAt = copy(this.touchedAt, (n) => new Float64Array(n));
    this.completedAt = copy(this.completedAt, (n) => new Float64Array(n));
    this.dueDay = copy(this.dueDay, (n) => new Int32Array(n));
  }
}

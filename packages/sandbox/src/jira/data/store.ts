import type { Person } from '../catalog/people.ts';
import { PROJECTS, projectByKey } from '../catalog/projects.ts';
import { LABELS } from '../catalog/schemes.ts';
import type { JiraWorld } from './generate.ts';
import { WRITTEN_COMMENT_ID_BASE, WRITTEN_HISTORY_ID_BASE, type CommentRecord, type HistoryRecord, type IssueOverlay } from './overlay.ts';
import { SortedIndex } from './sorted-index.ts';

/** Issue ids are table indexes offset into Jira's usual id range. */
export const ISSUE_ID_BASE = 10_000;

/** A change that webhooks report. Emitted after the store is updated. */
export type StoreEvent =
  | { kind: 'issue_created'; issue: number; actor: number }
  | { kind: 'issue_updated'; issue: number; actor: number; history: HistoryRecord; eventType: string }
  | { kind: 'issue_deleted'; issue: number; actor: number }
  | { kind: 'comment_created'; issue: number; actor: number; comment: CommentRecord };

/**
 * The issues of the fake site: the generated world, what was written on top, and the indexes searches use.
 * Every write goes through `touch` (so indexes and `updated` stay in step) and then `emit`.
 */
export class JiraStore {
  readonly overlays = new Map<number, IssueOverlay>();
  /** All issues by (updated, index). */
  readonly byUpdated: SortedIndex;
  /** Per project index, its issues by (updated, index). */
  readonly projectByUpdated: SortedIndex[];
  private nextHistoryId = WRITTEN_HISTORY_ID_BASE;
  private nextCommentId = WRITTEN_COMMENT_ID_BASE;
  private listeners: ((event: StoreEvent) => void)[] = [];
  /** Bumped by every write; caches of search results key on it. */
  version = 0;
  /**
   * Immutable derived values shared between issues (changelog items of generated changes, sprint objects), and
   * the JSON text of such values: rendering a page then mostly splices cached text.
   */
  readonly shared = new Map<string, unknown>();
  readonly jsonText = new WeakMap<object, string>();

  constructor(readonly world: JiraWorld) {
    const t = world.table;
    const all = new Int32Array(t.count);
    for (let i = 0; i < t.count; i++) all[i] = i;
    this.byUpdated = new SortedIndex(() => world.table.updated, all);
    this.projectByUpdated = world.projectIssues.map(
      (list) => new SortedIndex(() => world.table.updated, list.data.subarray(0, list.length)),
    );
  }

  get table(): JiraWorld['table'] {
    return this.world.table;
  }

  get people(): readonly Person[] {
    return this.world.people;
  }

  issueId(index: number): string {
    return String(ISSUE_ID_BASE + index);
  }

  issueKey(index: number): string {
    return `${PROJECTS[this.table.project[index] ?? 0]?.key ?? 'X'}-${this.table.num[index] ?? 0}`;
  }

  /** Index of a live issue by id or key (case-insensitive key), or -1. */
  find(idOrKey: string): number {
    let index = -1;
    if (/^\d+$/.test(idOrKey)) {
      index = Number(idOrKey) - ISSUE_ID_BASE;
    } else {
      const match = /^([A-Za-z][A-Za-z0-9]*)-(\d+)$/.exec(idOrKey);
      const project = match?.[1] === undefined ? undefined : projectByKey(match[1]);
      if (project !== undefined) index = this.world.projectIssues[project.index]?.at(Number(match?.[2]) - 1) ?? -1;
    }
    if (index < 0 || index >= this.table.count || this.table.deleted[index] === 1) return -1;
    return index;
  }

  overlay(index: number): IssueOverlay {
    let overlay = this.overlays.get(index);
    if (overlay === undefined) {
      overlay = { histories: [], comments: [] };
      this.overlays.set(index, overlay);
    }
    return overlay;
  }

  labelsOf(index: number): string[] {
    const written = this.overlays.get(index)?.labels;
    if (written !== undefined) return written;
    const mask = this.table.labels[index] ?? 0;
    const out: string[] = [];
    for (let bit = 0; bit < LABELS.length; bit++) if ((mask & (1 << bit)) !== 0) out.push(LABELS[bit] ?? '');
    return out;
  }

  hasLabel(index: number, label: string): boolean {
    const written = this.overlays.get(index)?.labels;
    if (written !== undefined) return written.includes(label);
    const bit = (LABELS as readonly string[]).indexOf(label);
    return bit >= 0 && ((this.table.labels[index] ?? 0) & (1 << bit)) !== 0;
  }

  hasLabels(index: number): boolean {
    const written = this.overlays.get(index)?.labels;
    return written !== undefined ? written.length > 0 : (this.table.labels[index] ?? 0) !== 0;
  }

  newHistoryId(): number {
    return this.nextHistoryId++;
  }

  newCommentId(): number {
    return this.nextCommentId++;
  }

  /** Moves `updated` of an issue to `ms`, keeping the sorted indexes in step. */
  touch(index: number, ms: number): void {
    const t = this.table;
    const old = t.updated[index] ?? 0;
    const project = this.projectByUpdated[t.project[index] ?? 0];
    this.byUpdated.remove(index, old);
    project?.remove(index, old);
    t.updated[index] = Math.max(ms, old);
    this.byUpdated.insert(index);
    project?.insert(index);
    this.version += 1;
  }

  /** Files a row just added to the table (its columns filled) into the key order and indexes. */
  index(row: number): void {
    const t = this.table;
    const keys = this.world.projectIssues[t.project[row] ?? 0];
    keys?.push(row);
    t.num[row] = keys?.length ?? 0;
    this.byUpdated.insert(row);
    this.projectByUpdated[t.project[row] ?? 0]?.insert(row);
    this.version += 1;
  }

  markDeleted(index: number): void {
    this.table.deleted[index] = 1;
    this.version += 1;
  }

  onEvent(listener: (event: StoreEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

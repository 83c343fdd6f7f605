import type { Rng } from '../../core/rng.ts';
import { itemRng, STREAM } from './item-rng.ts';
import { DerivedDetail, historyLength, type CommentRecord, type IssueDetail } from './detail.ts';
import type { IdCodec } from './ids.ts';
import type { World } from './model.ts';
import { weightedTeam } from './org.ts';
import { IssueTable } from './table.ts';
import { drawTimeline, EVENT, type Timeline } from './timeline.ts';

/** What changed, for webhook deliveries. */
export type StoreChange =
  | {
      type: 'Issue';
      action: 'create' | 'update' | 'remove';
      issue: number;
      actor: number;
      at: number;
      updatedFrom: Record<string, unknown>;
    }
  | { type: 'Comment'; action: 'create'; comment: CommentRecord; actor: number; at: number };

const DETAIL_CACHE = 2048;
const SUB_ISSUE_SHARE = 0.12;

/**
 * The workspace's issues: seeded columns for all of them, derived detail on demand, materialized detail for every issue
 * that was written. Every read of the product goes through here, so the same seed always answers the same way.
 */
export class LinearStore {
  readonly table: IssueTable;
  readonly seededCount: number;
  private readonly written = new Map<number, IssueDetail>();
  private readonly cache = new Map<number, IssueDetail>();
  private readonly customIssueIds = new Map<string, number>();
  private readonly issueIds = new Map<number, string>();
  private readonly customCommentIds = new Map<string, { issue: number; ordinal: number }>();
  private readonly listeners: ((change: StoreChange) => void)[] = [];
  private lastWrite = 0;
  /** Seed of the per-issue random streams, drawn from the service's generator. */
  private readonly base: number;
  /** Linear's `lastSyncId`: grows with every write. */
  syncId = 1000;

  constructor(
    readonly world: World,
    readonly codec: IdCodec,
    rng: Rng,
    size: number,
    private readonly clock: () => number,
  ) {
    this.seededCount = size;
    this.base = Math.floor(rng.next() * 4294967296);
    this.table = new IssueTable(size + 64);
    this.seed(size);
  }

  private seed(size: number): void {
    const { table, world } = this;
    const span = world.nowMs - world.startMs;
    for (let i = 0; i < size; i++) {
      const birth = this.streamOf(STREAM.birth, i);
      const team = weightedTeam(birth, world.teams);
      const createdAt = Math.floor(world.startMs + (span * (i + birth.next())) / Math.max(1, size));
      let parent = -1;
      if (i > 0 && birth.chance(SUB_ISSUE_SHARE)) {
        // The nearest earlier top-level issue of the same team, a few issues back: sub-issues are filed together.
        for (let j = i - birth.int(1, Math.min(i, 8)), k = 0; j >= 0 && k < 40; j--, k++) {
          if (table.team[j] === team && table.parent[j] === -1) {
            parent = j;
            break;
          }
        }
      }
      const idx = table.add();
      table.team[idx] = team;
      table.createdAt[idx] = createdAt;
      table.parent[idx] = parent;
      table.number[idx] = table.nextNumber(team);
      table.registerNumber(team, table.number[idx], idx);
      if (parent >= 0) table.addChild(parent, idx);
      this.applyTimeline(idx, this.timelineOf(idx));
    }
    table.byCreated.build(table.count);
    table.byUpdated.build(table.count);
  }

  /** One of a seeded issue's random streams. */
  streamOf(stream: number, idx: number): Rng {
    return itemRng(this.base, stream, idx);
  }

  /** The life of a seeded issue, as drawn at start-up (re-drawn on demand; only its seed is kept). */
  timelineOf(idx: number): Timeline {
    return drawTimeline(
      this.world,
      this.table.team[idx]!,
      this.table.createdAt[idx]!,
      this.streamOf(STREAM.life, idx),
    );
  }

  private applyTimeline(idx: number, tl: Timeline): void {
    const t = this.table;
    t.state[idx] = tl.state;
    t.assignee[idx] = tl.assignee;
    t.creator[idx] = tl.creator;
    t.priority[idx] = tl.priority;
    t.estimate[idx] = tl.estimate;
    t.project[idx] = tl.project;
    t.labels[idx] = tl.labels;
    t.startedAt[idx] = tl.startedAt;
    t.completedAt[idx] = tl.completedAt;
    t.canceledAt[idx] = tl.canceledAt;
    t.triagedAt[idx] = tl.triagedAt;
    t.archivedAt[idx] = tl.archivedAt;
    t.updatedAt[idx] = tl.updatedAt;
    t.commentCount[idx] = tl.comments.length;
    t.historyCount[idx] = historyLength(tl);
    t.retitled[idx] = tl.events.some((e) => e.kind === EVENT.title) ? 1 : 0;
  }

  /** The UUID of an issue. */
  issueId(idx: number): string {
    return this.issueIds.get(idx) ?? this.codec.encode('issue', idx);
  }

  identifier(idx: number): string {
    return `${this.world.teams[this.table.team[idx]!]!.key}-${this.table.number[idx]!}`;
  }

  /** Issue index for a UUID or an identifier such as `ENG-123`; -1 when there is none. */
  findIssue(ref: string): number {
    const custom = this.customIssueIds.get(ref);
    if (custom !== undefined) return custom;
    const decoded = this.codec.decode('issue', ref);
    if (decoded !== null && decoded.b === 0 && decoded.a < this.table.count && !this.issueIds.has(decoded.a))
      return decoded.a;
    const dash = ref.lastIndexOf('-');
    if (dash > 0) {
      const key = ref.slice(0, dash).toUpperCase();
      const number = Number(ref.slice(dash + 1));
      const team = this.world.teams.findIndex((t) => t.key === key);
      if (team >= 0 && Number.isInteger(number) && number > 0) return this.table.byNumber(team, number);
    }
    return -1;
  }

  /** Title, description, history and comments of an issue. */
  detail(idx: number): IssueDetail {
    const written = this.written.get(idx);
    if (written !== undefined) return written;
    const cached = this.cache.get(idx);
    if (cached !== undefined) return cached;
    const detail = new DerivedDetail(this, idx, this.table.team[idx]!, this.table.retitled[idx] === 1);
    if (this.cache.size >= DETAIL_CACHE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(idx, detail);
    return detail;
  }

  /** The detail of an issue, kept from now on so writes stick. */
  materialize(idx: number): IssueDetail {
    let detail = this.written.get(idx);
    if (detail === undefined) {
      const derived = this.detail(idx);
      detail = {
        title: derived.title,
        description: derived.description,
        history: derived.history,
        comments: derived.comments,
      };
      this.cache.delete(idx);
      this.written.set(idx, detail);
    }
    return detail;
  }

  /** Registers a brand-new issue row with its detail (issueCreate). */
  registerIssue(idx: number, detail: IssueDetail, customId: string | undefined): void {
    this.written.set(idx, detail);
    if (customId !== undefined) {
      this.customIssueIds.set(customId, idx);
      this.issueIds.set(idx, customId);
    }
  }

  findComment(id: string): CommentRecord | null {
    const custom = this.customCommentIds.get(id);
    const ref =
      custom ??
      (() => {
        const decoded = this.codec.decode('comment', id);
        return decoded === null ? undefined : { issue: decoded.a, ordinal: decoded.b };
      })();
    if (ref === undefined || ref.issue >= this.table.count) return null;
    const comment = this.detail(ref.issue).comments[ref.ordinal];
    return comment !== undefined && comment.id === id ? comment : null;
  }

  registerCommentId(id: string, issue: number, ordinal: number): void {
    this.customCommentIds.set(id, { issue, ordinal });
  }

  issueIdTaken(id: string): boolean {
    return this.customIssueIds.has(id) || this.codec.decode('issue', id) !== null;
  }

  commentIdTaken(id: string): boolean {
    return this.customCommentIds.has(id) || this.codec.decode('comment', id) !== null;
  }

  /** A write timestamp: the sandbox clock, but strictly after the previous write so `updatedAt` cursors never tie. */
  tick(): number {
    this.lastWrite = Math.max(this.clock(), this.lastWrite + 1);
    this.syncId++;
    return this.lastWrite;
  }

  onChange(listener: (change: StoreChange) => void): void {
    this.listeners.push(listener);
  }

  emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }

  writtenCount(): number {
    return this.written.size;
  }
}

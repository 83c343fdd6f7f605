import type { Rng } from '../../core/rng.ts';
import type { IdCodec } from './ids.ts';
import { STREAM } from './item-rng.ts';
import { EVENT, type Timeline } from './timeline.ts';
import {
  ACCEPTANCE_ITEMS,
  COMMENT_BODIES,
  DESCRIPTION_OPENERS,
  TEAM_TEMPLATES,
  TITLE_PARTS,
} from './vocabulary.ts';

/** One `IssueHistory` entry: the changes one actor made at one moment. Users, states, projects are indices (-1 none). */
export interface HistoryEntry {
  id: string;
  at: number;
  /** -1 for changes made by the system (auto-archive). */
  actor: number;
  fromState?: number;
  toState?: number;
  fromAssignee?: number;
  toAssignee?: number;
  fromPriority?: number;
  toPriority?: number;
  fromEstimate?: number;
  toEstimate?: number;
  fromTitle?: string;
  toTitle?: string;
  fromProject?: number;
  toProject?: number;
  fromParent?: number;
  toParent?: number;
  addedLabels?: number[];
  removedLabels?: number[];
  updatedDescription?: boolean;
  archived?: boolean;
  autoArchived?: boolean;
  autoClosed?: boolean;
  trashed?: boolean;
}

export interface CommentRecord {
  id: string;
  issue: number;
  ordinal: number;
  at: number;
  updatedAt: number;
  author: number;
  body: string;
  /** Ordinal of the comment this one replies to, or -1. */
  parent: number;
  editedAt: number;
}

/** The cold part of an issue: derived from its seed until the issue is first written, then kept. */
export interface IssueDetail {
  title: string;
  description: string | null;
  history: HistoryEntry[];
  comments: CommentRecord[];
}

export function titleFor(rng: Rng, teamIdx: number): string {
  const domain = TEAM_TEMPLATES[teamIdx % TEAM_TEMPLATES.length]!.domain;
  const parts = TITLE_PARTS[domain];
  const tail = rng.pick(parts.tails);
  return `${rng.pick(parts.verbs)} ${rng.pick(parts.things)}${tail === '' ? '' : ` ${tail}`}`;
}

function descriptionFor(rng: Rng, title: string): string | null {
  if (rng.chance(0.15)) return null;
  const items = new Set<string>();
  for (let n = rng.int(1, 3); n > 0; n--) items.add(rng.pick(ACCEPTANCE_ITEMS));
  return [
    rng.pick(DESCRIPTION_OPENERS),
    '',
    '## Context',
    '',
    `We need to ${title.charAt(0).toLowerCase()}${title.slice(1)}. See the linked thread for the original report.`,
    '',
    '## Acceptance criteria',
    '',
    ...[...items].map((item) => `- [ ] ${item}`),
  ].join('\n');
}

/** What a derived detail needs from the store, without depending on it. */
export interface DetailSource {
  readonly codec: IdCodec;
  timelineOf(idx: number): Timeline;
  streamOf(stream: number, idx: number): Rng;
}

/**
 * The cold part of a seeded issue, derived from its streams: title and description at once (cheap), history and
 * comments on first use (they need the issue's whole timeline).
 */
export class DerivedDetail implements IssueDetail {
  readonly title: string;
  readonly description: string | null;
  private readonly original: string;
  private readonly revised: string;
  private activity: { history: HistoryEntry[]; comments: CommentRecord[] } | undefined;

  constructor(
    private readonly source: DetailSource,
    private readonly idx: number,
    team: number,
    retitled: boolean,
  ) {
    const text = source.streamOf(STREAM.text, idx);
    this.original = titleFor(text, team);
    this.revised = `${this.original} (${text.pick(['phase 1', 'scoped down', 'v2', 'follow-up'])})`;
    this.title = retitled ? this.revised : this.original;
    this.description = descriptionFor(text, this.original);
  }

  get history(): HistoryEntry[] {
    return (this.activity ??= this.derive()).history;
  }

  get comments(): CommentRecord[] {
    return (this.activity ??= this.derive()).comments;
  }

  private derive(): { history: HistoryEntry[]; comments: CommentRecord[] } {
    const { codec } = this.source;
    const idx = this.idx;
    const timeline = this.source.timelineOf(idx);
    const history: HistoryEntry[] = [];
    for (const event of timeline.events) {
      const entry: HistoryEntry = {
        id: codec.encode('history', idx, history.length),
        at: event.at,
        actor: event.actor,
      };
      switch (event.kind) {
        case EVENT.state:
          entry.fromState = event.from;
          entry.toState = event.to;
          if (event.actor < 0) entry.autoClosed = true;
          break;
        case EVENT.assignee:
          entry.fromAssignee = event.from;
          entry.toAssignee = event.to;
          break;
        case EVENT.priority:
          entry.fromPriority = event.from;
          entry.toPriority = event.to;
          break;
        case EVENT.title:
          entry.fromTitle = this.original;
          entry.toTitle = this.revised;
          break;
        case EVENT.estimate:
          entry.fromEstimate = event.from;
          entry.toEstimate = event.to;
          break;
      }
      history.push(entry);
    }
    if (!Number.isNaN(timeline.archivedAt)) {
      const at = timeline.archivedAt;
      history.push({
        id: codec.encode('history', idx, history.length),
        at,
        actor: -1,
        archived: true,
        autoArchived: true,
      });
    }
    const words = this.source.streamOf(STREAM.comments, idx);
    const comments: CommentRecord[] = timeline.comments.map((seed, ordinal) => ({
      id: codec.encode('comment', idx, ordinal),
      issue: idx,
      ordinal,
      at: seed.at,
      updatedAt: seed.at,
      author: seed.author,
      body: words.pick(COMMENT_BODIES),
      parent: ordinal > 0 && words.chance(0.2) ? words.int(0, ordinal - 1) : -1,
      editedAt: Number.NaN,
    }));
    return { history, comments };
  }
}

/** Number of history entries a timeline produces (kept as a column for stats). */
export function historyLength(timeline: Timeline): number {
  return timeline.events.length + (Number.isNaN(timeline.archivedAt) ? 0 : 1);
}

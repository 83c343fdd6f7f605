import type { AdfDoc } from '../adf.ts';

/** One changed field of a changelog entry, in the shape Jira reports it. */
export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface HistoryRecord {
  id: number;
  author: number;
  createdMs: number;
  items: ChangeItem[];
}

export interface CommentRecord {
  id: number;
  author: number;
  updateAuthor: number;
  createdMs: number;
  updatedMs: number;
  body: AdfDoc;
}

/**
 * What was written to an issue through the API or `/_sandbox/mutate`, on top of what its seed generates.
 * Only written issues have one, which keeps a large site compact.
 */
export interface IssueOverlay {
  summary?: string;
  description?: AdfDoc | null;
  /** Replaces the generated labels once labels were written. */
  labels?: string[];
  duedate?: string | null;
  environment?: AdfDoc | null;
  histories: HistoryRecord[];
  comments: CommentRecord[];
}

/** First id of written changelog entries and comments (generated ones use lower, per-issue ranges). */
export const WRITTEN_HISTORY_ID_BASE = 100_000_000;
export const WRITTEN_COMMENT_ID_BASE = 50_000_000;

export function generatedHistoryId(issue: number, n: number): number {
  return 1_000_000 + issue * 64 + n;
}

export function generatedCommentId(issue: number, n: number): number {
  return 100_000 + issue * 16 + n;
}

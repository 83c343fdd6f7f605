import type { ChangeItem, HistoryRecord } from '../data/overlay.ts';
import type { JiraStore } from '../data/store.ts';

/** Who changes what, and when. */
export interface WriteContext {
  store: JiraStore;
  /** Person index of the acting user. */
  actor: number;
  nowMs: number;
}

/**
 * Files a changelog entry for `items` on issue `i`, moves its `updated` to now and reports the change to
 * webhook listeners. Returns null when nothing changed (Jira writes no entry then).
 */
export function recordChange(
  ctx: WriteContext,
  i: number,
  items: ChangeItem[],
  eventType = 'issue_updated',
): HistoryRecord | null {
  if (items.length === 0) return null;
  const history: HistoryRecord = {
    id: ctx.store.newHistoryId(),
    author: ctx.actor,
    createdMs: ctx.nowMs,
    items,
  };
  ctx.store.overlay(i).histories.push(history);
  ctx.store.touch(i, ctx.nowMs);
  ctx.store.emit({ kind: 'issue_updated', issue: i, actor: ctx.actor, history, eventType });
  return history;
}

export function item(
  field: string,
  from: string | null,
  fromString: string | null,
  to: string | null,
  toString: string | null,
  fieldId = field,
): ChangeItem {
  return {
    field,
    fieldtype: fieldId.startsWith('customfield_') ? 'custom' : 'jira',
    fieldId,
    from,
    fromString,
    to,
    toString,
  };
}

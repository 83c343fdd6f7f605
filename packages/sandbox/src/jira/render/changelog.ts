import type { ChangeItem, HistoryRecord } from '../data/overlay.ts';
import { jiraTimestamp } from '../time.ts';
import { asciiJson, toJson, type Refs } from './refs.ts';

/**
 * A changelog item. Jira sends `null` for an empty side (e.g. `from` of a first assignment); the published
 * description types these members as plain strings, so the fake leaves empty sides out instead.
 */
export function changeItemJson(item: ChangeItem): Record<string, unknown> {
  return {
    field: item.field,
    fieldtype: item.fieldtype,
    fieldId: item.fieldId,
    ...(item.from === null ? {} : { from: item.from }),
    ...(item.fromString === null ? {} : { fromString: item.fromString }),
    ...(item.to === null ? {} : { to: item.to }),
    ...(item.toString === null ? {} : { toString: item.toString }),
  };
}

/** JSON text of a changelog item, cached per item object (items never change once made). */
function itemText(jsonText: WeakMap<object, string>, item: ChangeItem): string {
  let text = jsonText.get(item);
  if (text === undefined) {
    text = asciiJson(changeItemJson(item));
    jsonText.set(item, text);
  }
  return text;
}

export function historyJson(refs: Refs, h: HistoryRecord): Record<string, unknown> {
  return {
    id: String(h.id),
    author: refs.users[h.author] ?? null,
    created: jiraTimestamp(h.createdMs),
    items: h.items.map(changeItemJson),
  };
}

/**
 * The `changelog` an issue carries with `expand=changelog`, as JSON text: the `limit` most recent entries, newest
 * first, with `total` telling how many exist (the rest come from `GET /issue/{key}/changelog`).
 */
export function inlineChangelogJson(
  refs: Refs,
  histories: readonly HistoryRecord[],
  limit: number,
  jsonText: WeakMap<object, string>,
): string {
  let out = '';
  for (let k = histories.length - 1, n = 0; k >= 0 && n < limit; k--, n++) {
    const h = histories[k];
    if (h === undefined) continue;
    out +=
      `${n === 0 ? '' : ','}{"id":"${h.id}","author":${toJson(refs, refs.users[h.author] ?? null)},` +
      `"created":"${jiraTimestamp(h.createdMs)}","items":[${h.items.map((item) => itemText(jsonText, item)).join(',')}]}`;
  }
  return `{"startAt":0,"maxResults":${limit},"total":${histories.length},"histories":[${out}]}`;
}

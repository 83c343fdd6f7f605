import type { SourceStatus, SourceTransition } from '../source-item.ts';
import type { GithubTimelineEntry } from './github-schemas.ts';
import { personOf } from './github-people.ts';

/**
 * GitHub has no workflow, only state: open or closed (with a reason), merged for pull requests. Teams mark
 * work in progress with labels, so an open item carrying such a label reports that label as its status
 * name; the category hint stays `open` (normalization reads the label). Mirrors the words the default
 * normalization rule recognizes.
 */
const IN_PROGRESS_LABEL = /\b(in[ _-]?progress|doing|wip|in[ _-]?review|review|started|active|qa|testing)\b/i;

export function isInProgressLabel(name: string): boolean {
  return IN_PROGRESS_LABEL.test(name);
}

export interface StateFacts {
  isPullRequest: boolean;
  state: 'open' | 'closed';
  stateReason: string | null;
  merged: boolean;
  labels: readonly string[];
}

/**
 * The status of an item in the given state; the category is GitHub's hint (open, closed, closed_not_planned,
 * merged). A pull request closed without merging was abandoned, not done: it reports closed_not_planned.
 */
export function statusOf(facts: StateFacts): SourceStatus {
  if (facts.merged) return { name: 'merged', category: 'merged' };
  if (facts.state === 'closed') {
    if (facts.isPullRequest) return { name: 'closed_unmerged', category: 'closed_not_planned' };
    if (facts.stateReason === 'not_planned' || facts.stateReason === 'duplicate') {
      return { name: facts.stateReason, category: 'closed_not_planned' };
    }
    return { name: 'closed', category: 'closed' };
  }
  // Several in-progress labels: the first by name, so the item and its history agree on one.
  const working = facts.labels.filter(isInProgressLabel).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0];
  return working === undefined ? { name: 'open', category: 'open' } : { name: working, category: 'open' };
}

function sameStatus(a: SourceStatus, b: SourceStatus): boolean {
  return a.name === b.name && a.category === b.category;
}

/**
 * Status changes from an item's timeline: closed, reopened and merged, and in-progress labels added or
 * removed while open. Each entry that moves the status becomes a transition whose eventId is GitHub's event
 * id, so replays upsert. A `closed` right after `merged` changes nothing and yields none; changes in the
 * same second are one change.
 */
export function transitionsOf(
  timeline: readonly GithubTimelineEntry[],
  isPullRequest: boolean,
): SourceTransition[] {
  const facts = {
    isPullRequest,
    state: 'open' as 'open' | 'closed',
    stateReason: null as string | null,
    merged: false,
    labels: new Set<string>(),
  };
  let current = statusOf({ ...facts, labels: [] });
  const transitions: SourceTransition[] = [];
  for (const entry of timeline) {
    switch (entry.event) {
      case 'closed':
        facts.state = 'closed';
        facts.stateReason = entry.state_reason ?? null;
        break;
      case 'reopened':
        facts.state = 'open';
        facts.stateReason = null;
        break;
      case 'merged':
        facts.merged = true;
        break;
      case 'labeled':
        if (entry.label) facts.labels.add(entry.label.name);
        break;
      case 'unlabeled':
        if (entry.label) facts.labels.delete(entry.label.name);
        break;
      default:
        continue;
    }
    const next = statusOf({ ...facts, labels: [...facts.labels] });
    if (sameStatus(next, current)) continue;
    const from = current;
    current = next;
    // Kinds that change state always carry an id and a time; one without is not a recorded event.
    const eventId = entry.id !== undefined ? String(entry.id) : entry.node_id;
    if (eventId === undefined || entry.created_at === undefined) continue;
    const at = new Date(entry.created_at);
    const previous = transitions.at(-1);
    if (previous !== undefined && previous.at.getTime() === at.getTime()) {
      // One action recorded as several events (unlabel "in progress" and close): one change, named by its
      // first event so a later event in the same second never renames it.
      previous.to = next;
      if (sameStatus(previous.from ?? next, next)) transitions.pop();
      continue;
    }
    transitions.push({ eventId, at, actor: entry.actor ? personOf(entry.actor) : null, from, to: next });
  }
  return transitions;
}

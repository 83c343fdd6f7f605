import type { SourceStatus } from '../source-item.ts';
import type { NormalizedPriority, NormalizedStatus, NormalizedType, SourceType } from '../source-type.ts';

const IN_PROGRESS_WORDS = /\b(in[ _-]?progress|doing|wip|in[ _-]?review|review|started|active|qa|testing)\b/i;

/**
 * Default status of each source, from the source's own category: Jira by status category, Linear by
 * workflow state type, GitHub by state (and an in-progress label), Asana by completion (and section).
 */
export function defaultStatus(
  source: SourceType,
  status: SourceStatus,
  labels: readonly string[],
): NormalizedStatus {
  const category = status.category.toLowerCase();
  switch (source) {
    case 'jira':
      if (category === 'done') return 'done';
      if (category === 'indeterminate') return 'in_progress';
      return 'open';
    case 'linear':
      if (category === 'completed') return 'done';
      if (category === 'canceled' || category === 'duplicate') return 'closed';
      if (category === 'started') return 'in_progress';
      return 'open';
    case 'github':
      if (category === 'merged' || category === 'closed') return 'done';
      if (category === 'closed_not_planned') return 'closed';
      return labels.some((l) => IN_PROGRESS_WORDS.test(l)) ? 'in_progress' : 'open';
    case 'asana':
      if (category === 'completed') return 'done';
      return IN_PROGRESS_WORDS.test(status.name) ? 'in_progress' : 'open';
  }
}

export function defaultType(
  source: SourceType,
  type: string,
  labels: readonly string[],
  hasParent: boolean,
): NormalizedType {
  const name = type.trim().toLowerCase();
  const isBugLabel = labels.some((l) => /^(bug|defect|type:\s*bug|kind\/bug)$/i.test(l));
  switch (source) {
    case 'jira':
      if (name === 'bug' || name === 'defect') return 'bug';
      if (name === 'story' || name === 'user story') return 'story';
      if (name === 'epic') return 'epic';
      if (name === 'sub-task' || name === 'subtask') return 'subtask';
      return 'task';
    case 'github':
      if (name === 'pull_request' || name === 'pr') return 'pr';
      return isBugLabel ? 'bug' : 'issue';
    case 'linear':
      if (isBugLabel) return 'bug';
      return hasParent ? 'subtask' : 'issue';
    case 'asana':
      if (isBugLabel) return 'bug';
      return hasParent || name === 'subtask' ? 'subtask' : 'task';
  }
}

const PRIORITY_WORDS: Array<[RegExp, NormalizedPriority]> = [
  [/^(highest|blocker|critical|urgent|p0|priority[:/\s-]*(0|critical|urgent))$/i, 'critical'],
  [/^(high|major|p1|priority[:/\s-]*(1|high))$/i, 'high'],
  [/^(medium|normal|p2|priority[:/\s-]*(2|medium))$/i, 'medium'],
  [/^(low|lowest|minor|trivial|p3|p4|priority[:/\s-]*(3|4|low))$/i, 'low'],
  [/^(none|no priority|0)$/i, 'none'],
];

function byWord(value: string): NormalizedPriority | undefined {
  return PRIORITY_WORDS.find(([pattern]) => pattern.test(value.trim()))?.[1];
}

/** Default priority: the source's priority name, else (GitHub, Asana) a priority label. Linear sends 0-4. */
export function defaultPriority(
  source: SourceType,
  priority: string | null,
  labels: readonly string[],
): NormalizedPriority {
  if (source === 'linear' && priority !== null && /^[0-4]$/.test(priority)) {
    return (['none', 'critical', 'high', 'medium', 'low'] as const)[Number(priority)] ?? 'none';
  }
  if (priority !== null) {
    const found = byWord(priority);
    if (found !== undefined) return found;
  }
  for (const label of labels) {
    const found = byWord(label);
    if (found !== undefined && found !== 'none') return found;
  }
  return 'none';
}

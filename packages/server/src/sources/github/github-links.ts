import type { SourceLink } from '../source-item.ts';
import { itemKey, type RepoRef } from './github-keys.ts';

/**
 * Links GitHub records in text: closing keywords ("Fixes #12", "closes owner/repo#3", or an issue URL) in
 * a description tie a pull request or issue to the items it resolves. GitHub's REST API has no link
 * objects for issues, so this is where the relation lives.
 */
const CLOSING =
  /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+(?:https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\/(?:issues|pull)\/|(?:([\w.-]+)\/([\w.-]+))?#)(\d+)\b/gi;

export function closingLinks(body: string | null | undefined, repo: RepoRef): SourceLink[] {
  if (!body) return [];
  const keys = new Set<string>();
  for (const match of body.matchAll(CLOSING)) {
    const owner = match[1] ?? match[3] ?? repo.owner;
    const name = match[2] ?? match[4] ?? repo.repo;
    keys.add(itemKey({ owner, repo: name }, Number(match[5])));
  }
  return [...keys].map((targetKey) => ({
    type: 'closes',
    direction: 'outward' as const,
    targetKey,
    sourceId: null,
  }));
}

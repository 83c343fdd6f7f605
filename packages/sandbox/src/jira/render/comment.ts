import type { CommentRecord } from '../data/overlay.ts';
import { jiraTimestamp } from '../time.ts';
import type { Refs } from './refs.ts';

export function commentJson(refs: Refs, issueId: string, c: CommentRecord): Record<string, unknown> {
  return {
    self: `${refs.base}/rest/api/3/issue/${issueId}/comment/${c.id}`,
    id: String(c.id),
    author: refs.users[c.author] ?? null,
    body: c.body,
    updateAuthor: refs.users[c.updateAuthor] ?? null,
    created: jiraTimestamp(c.createdMs),
    updated: jiraTimestamp(c.updatedMs),
    jsdPublic: true,
  };
}

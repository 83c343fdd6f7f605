import type { SourcePerson } from '../source-item.ts';
import type { GithubUser } from './github-schemas.ts';

/**
 * A GitHub account as a person. The login is the account id: it is what GitHub's assignee, mention and
 * filter parameters take (the numeric id is kept in the item's raw payload).
 */
export function personOf(user: GithubUser): SourcePerson {
  return { accountId: user.login, displayName: user.name ?? user.login, email: user.email ?? null };
}

import { AppError } from '../../errors/app-error.ts';

/** How GitHub items and repositories are named: `owner/repo` and `owner/repo#12`. */

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface ItemRef extends RepoRef {
  number: number;
}

// GitHub logins and repository names: letters, digits, `-`, `_` and `.` (never `/` or `#`).
const NAME = '[A-Za-z0-9_.-]+';
const REPO_KEY = new RegExp(`^(${NAME})/(${NAME})$`);
const ITEM_KEY = new RegExp(`^(${NAME})/(${NAME})#([1-9][0-9]{0,9})$`);

export function parseRepoKey(key: string): RepoRef {
  const match = REPO_KEY.exec(key.trim());
  if (!match?.[1] || !match[2]) {
    throw new AppError(
      'validation_error',
      `not a GitHub repository key (owner/repo): ${JSON.stringify(key)}`,
    );
  }
  return { owner: match[1], repo: match[2] };
}

export function parseItemKey(key: string): ItemRef {
  const match = ITEM_KEY.exec(key.trim());
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new AppError(
      'validation_error',
      `not a GitHub item key (owner/repo#number): ${JSON.stringify(key)}`,
    );
  }
  return { owner: match[1], repo: match[2], number: Number(match[3]) };
}

export function repoKey(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}

export function itemKey(ref: RepoRef, number: number): string {
  return `${ref.owner}/${ref.repo}#${number}`;
}

import { AppError } from '../../errors/app-error.ts';
import { parseRepoKey, type RepoRef } from './github-keys.ts';

/**
 * The search language of this adapter: `key:value` pairs mapped onto the repository issues list
 * (`GET /repos/{owner}/{repo}/issues`), e.g. `repo:acme/api state:open label:bug label:"in progress"
 * assignee:octocat is:pr sort:created order:desc`. `repo` is required (search has no project argument).
 * Free text is refused: it needs GitHub's search API, which this adapter does not use.
 */
export interface SearchQuery {
  repo: RepoRef;
  /** Query parameters of the issues list. */
  params: {
    state: 'open' | 'closed' | 'all';
    labels?: string;
    assignee?: string;
    creator?: string;
    mentioned?: string;
    milestone?: string;
    since?: string;
    sort: 'created' | 'updated' | 'comments';
    direction: 'asc' | 'desc';
  };
  /** `is:pr` / `is:issue`: the list has no such filter, so it applies to each page's answer. */
  kind: 'pull_request' | 'issue' | null;
}

const SUPPORTED =
  'repo, state, is, label, labels, assignee, author, creator, mentions, milestone, updated, sort, order';

function invalid(message: string): never {
  throw new AppError('validation_error', `search: ${message}`, { details: { supported_keys: SUPPORTED } });
}

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  return invalid(`${key} must be one of ${allowed.join(', ')}`);
}

/** Splits `a:b c:"d e"` into pairs, keeping quoted values whole. */
function tokens(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const match of query.matchAll(/(\S+?):(?:"([^"]*)"|(\S+))|(\S+)/g)) {
    if (match[4] !== undefined)
      invalid(`free text is not supported (${JSON.stringify(match[4])}); use key:value`);
    pairs.push([(match[1] ?? '').toLowerCase(), match[2] ?? match[3] ?? '']);
  }
  return pairs;
}

export function parseSearchQuery(query: string): SearchQuery {
  let repo: RepoRef | undefined;
  const labels: string[] = [];
  let kind: SearchQuery['kind'] = null;
  const params: SearchQuery['params'] = { state: 'all', sort: 'updated', direction: 'desc' };
  for (const [key, value] of tokens(query)) {
    if (value === '') invalid(`${key} needs a value`);
    switch (key) {
      case 'repo':
        repo = parseRepoKey(value);
        break;
      case 'state':
        params.state = oneOf(key, value, ['open', 'closed', 'all'] as const);
        break;
      case 'is': {
        const what = oneOf(key, value, ['open', 'closed', 'issue', 'pr', 'pull_request'] as const);
        if (what === 'open' || what === 'closed') params.state = what;
        else kind = what === 'issue' ? 'issue' : 'pull_request';
        break;
      }
      case 'label':
        labels.push(value);
        break;
      case 'labels':
        labels.push(
          ...value
            .split(',')
            .map((l) => l.trim())
            .filter(Boolean),
        );
        break;
      case 'assignee':
        params.assignee = value;
        break;
      case 'author':
      case 'creator':
        params.creator = value;
        break;
      case 'mentions':
        params.mentioned = value;
        break;
      case 'milestone':
        params.milestone = value;
        break;
      case 'updated': {
        // `updated:>=2026-01-01`: the list's `since` is an inclusive lower bound on updated_at.
        const at = Date.parse(value.replace(/^>=?/, ''));
        if (Number.isNaN(at)) invalid('updated takes a date, e.g. updated:>=2026-01-31');
        params.since = new Date(at).toISOString();
        break;
      }
      case 'sort':
        params.sort = oneOf(key, value, ['created', 'updated', 'comments'] as const);
        break;
      case 'order':
      case 'direction':
        params.direction = oneOf(key, value, ['asc', 'desc'] as const);
        break;
      default:
        invalid(`unknown key ${JSON.stringify(key)}`);
    }
  }
  if (repo === undefined) return invalid('repo:owner/name is required');
  if (labels.length > 0) params.labels = labels.join(',');
  return { repo, params, kind };
}

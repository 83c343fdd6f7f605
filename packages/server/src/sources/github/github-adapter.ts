import type {
  ConnectionInfo,
  CreateItemInput,
  FetchItemsRequest,
  SourceAdapter,
  UpdateItemInput,
} from '../source-adapter.ts';
import type { ItemPage, SourceItem, SourceProject } from '../source-item.ts';
import type { GithubClient } from './github-client.ts';
import { decodeCursor, encodeCursor, firstState, isoSeconds, step } from './github-cursor.ts';
import { parseUpstream, toAppError } from './github-errors.ts';
import { withHistory } from './github-history.ts';
import { parseItemKey, parseRepoKey, type RepoRef } from './github-keys.ts';
import {
  githubIssueListSchema,
  githubIssueSchema,
  githubRepoListSchema,
  githubUserSchema,
} from './github-schemas.ts';
import { nextPageOf, searchCursor, searchPage } from './github-paging.ts';
import { parseSearchQuery } from './github-search-query.ts';
import { addComment, applyTransition, createIssue, transitionsFor, updateIssue } from './github-writes.ts';

/** GitHub's largest page. */
const MAX_PAGE = 100;

/**
 * GitHub REST as a SourceAdapter: repositories are projects, issues and pull requests are items
 * (`owner/repo#12`). Every call goes through one Octokit (see github-client.ts); every failure leaves as an
 * AppError (see github-errors.ts).
 */
export class GithubAdapter implements SourceAdapter {
  readonly source = 'github' as const;
  readonly #client: GithubClient;

  constructor(client: GithubClient) {
    this.#client = client;
  }

  get #octokit() {
    return this.#client.octokit;
  }

  testConnection(): Promise<ConnectionInfo> {
    return guard(async () => {
      const response = await this.#octokit.request('GET /user');
      const user = parseUpstream(githubUserSchema, response.data, 'user');
      const h = response.headers;
      const limit = Number(h['x-ratelimit-limit']);
      const remaining = Number(h['x-ratelimit-remaining']);
      const reset = Number(h['x-ratelimit-reset']);
      const rateLimit =
        Number.isFinite(limit) && Number.isFinite(remaining) && h['x-ratelimit-limit'] !== undefined
          ? {
              limit,
              remaining,
              resetAt: Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : null,
            }
          : null;
      return { identity: user.login, rateLimit };
    });
  }

  listProjects(): Promise<SourceProject[]> {
    return guard(async () => {
      const projects: SourceProject[] = [];
      for await (const page of this.#octokit.paginate.iterator('GET /user/repos', { per_page: MAX_PAGE })) {
        for (const [i, repo] of parseUpstream(githubRepoListSchema, page.data, 'repository list').entries()) {
          projects.push({
            sourceId: String(repo.id),
            key: repo.full_name,
            name: repo.full_name,
            team: null,
            raw: page.data[i],
          });
        }
      }
      return projects;
    });
  }

  /**
   * One page of a repository's issues and pull requests, oldest update first, each with its history. The
   * cursor is a watermark on updated_at (see github-cursor.ts), so it survives restarts and concurrent edits.
   */
  fetchItems(request: FetchItemsRequest): Promise<ItemPage> {
    return guard(async () => {
      const repo = parseRepoKey(request.projectKey);
      let state = request.cursor === undefined ? firstState(request.since) : decodeCursor(request.cursor);
      const perPage = Math.min(MAX_PAGE, Math.max(1, Math.floor(request.pageSize)));
      for (;;) {
        const response = await this.#octokit.request('GET /repos/{owner}/{repo}/issues', {
          owner: repo.owner,
          repo: repo.repo,
          state: 'all',
          sort: 'updated',
          direction: 'asc',
          per_page: perPage,
          ...(state.since === null ? {} : { since: isoSeconds(state.since) }),
          ...(state.page > 1 ? { page: state.page } : {}),
        });
        const issues = parseUpstream(githubIssueListSchema, response.data, 'issue list');
        const raws = response.data as unknown[];
        const nextPage = nextPageOf(response.headers.link);
        const listed = issues.map((issue) => ({
          id: issue.id,
          updated: Math.floor(Date.parse(issue.updated_at) / 1000),
        }));
        const { fresh, next } = step(state, listed, nextPage);
        const delivered = issues.flatMap((issue, i) =>
          fresh.has(issue.id) ? [{ issue, raw: raws[i] }] : [],
        );
        // A page of nothing new (its items were all at the boundary) is not handed out: read on.
        if (delivered.length === 0 && nextPage !== undefined) {
          state = next;
          continue;
        }
        const items = await withHistory(this.#octokit, delivered, repo);
        return { items, nextCursor: nextPage === undefined ? null : encodeCursor(next), expectedTotal: null };
      }
    });
  }

  getItem(key: string): Promise<SourceItem> {
    return guard(async () => {
      const ref = parseItemKey(key);
      const response = await this.#octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.number,
      });
      return this.#withHistoryOne(ref, response.data);
    });
  }

  /** Filters of the repository issues list as `key:value` pairs (see github-search-query.ts). */
  search(query: string, options: { limit: number; cursor?: string | undefined }): Promise<ItemPage> {
    return guard(async () => {
      const parsed = parseSearchQuery(query);
      const page = options.cursor === undefined ? 1 : searchPage(options.cursor, query);
      const response = await this.#octokit.request('GET /repos/{owner}/{repo}/issues', {
        owner: parsed.repo.owner,
        repo: parsed.repo.repo,
        ...parsed.params,
        per_page: Math.min(MAX_PAGE, Math.max(1, Math.floor(options.limit))),
        page,
      });
      const issues = parseUpstream(githubIssueListSchema, response.data, 'issue list');
      const raws = response.data as unknown[];
      const wanted = issues.flatMap((issue, i) => {
        const kind = issue.pull_request === undefined ? 'issue' : 'pull_request';
        return parsed.kind === null || parsed.kind === kind ? [{ issue, raw: raws[i] }] : [];
      });
      const nextPage = nextPageOf(response.headers.link);
      return {
        items: await withHistory(this.#octokit, wanted, parsed.repo),
        nextCursor: nextPage === undefined ? null : searchCursor(query, nextPage),
        expectedTotal: null,
      };
    });
  }

  createItem(input: CreateItemInput): Promise<SourceItem> {
    return guard(async () => {
      const repo = parseRepoKey(input.projectKey);
      const { issue, raw } = await createIssue(this.#octokit, repo, input);
      return this.#withHistoryOne({ ...repo, number: issue.number }, raw);
    });
  }

  updateItem(key: string, input: UpdateItemInput): Promise<SourceItem> {
    return guard(async () => {
      const ref = parseItemKey(key);
      const { raw } = await updateIssue(this.#octokit, ref, input);
      return this.#withHistoryOne(ref, raw);
    });
  }

  addComment(key: string, body: string): Promise<{ sourceId: string }> {
    return guard(() => addComment(this.#octokit, parseItemKey(key), body));
  }

  listTransitions(key: string): Promise<Array<{ id: string; name: string; to: string }>> {
    return guard(async () => {
      const ref = parseItemKey(key);
      const response = await this.#octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.number,
      });
      return transitionsFor(parseUpstream(githubIssueSchema, response.data, 'issue'));
    });
  }

  transition(key: string, transitionId: string): Promise<void> {
    return guard(() => applyTransition(this.#octokit, parseItemKey(key), transitionId));
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  async #withHistoryOne(repo: RepoRef & { number: number }, raw: unknown): Promise<SourceItem> {
    const issue = parseUpstream(githubIssueSchema, raw, 'issue');
    const [item] = await withHistory(this.#octokit, [{ issue, raw }], repo);
    if (item === undefined) throw new Error('withHistory returned no item for one issue');
    return item;
  }
}

/** Runs a call and turns anything it throws into an AppError (GitHub's words, never the request). */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error);
  }
}

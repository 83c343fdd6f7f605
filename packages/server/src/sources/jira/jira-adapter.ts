import { AppError } from '../../errors/app-error.ts';
import { budgetKey, type AdapterDeps, type InstanceConnection } from '../adapter-factory.ts';
import type {
  ConnectionInfo,
  CreateItemInput,
  FetchItemsRequest,
  SourceAdapter,
  UpdateItemInput,
} from '../source-adapter.ts';
import type { ItemPage, SourceItem, SourcePerson, SourceProject } from '../source-item.ts';
import { UpstreamClient } from '../upstream/upstream-client.ts';
import { textToAdf } from './adf.ts';
import { completeIssue, completeIssues } from './issue-completion.ts';
import { customFieldIds, issueFieldList, type CustomFieldIds } from './issue-fields.ts';
import { statusIdsOf, toPerson, toSourceItem, type CompleteIssue } from './issue-mapper.ts';
import { issuePath } from './issue-path.ts';
import { createIssueBody, issueFieldsOf, linkBody } from './issue-writes.ts';
import { JiraActions } from './jira-actions.ts';
import { jiraAuthorization, parseJiraCredentials } from './jira-credentials.ts';
import { unexpectedPayload } from './jira-errors.ts';
import { JiraHttp } from './jira-http.ts';
import * as meta from './jira-meta-payloads.ts';
import { jiraSearchPageSchema, jiraUserSchema, type JiraUser } from './jira-payloads.ts';
import { jiraRetryAfter, rateLimitOf } from './rate-limit-headers.ts';
import { fetchProjectPage, MAX_SEARCH_PAGE } from './project-fetch.ts';
import { StatusCatalog } from './status-catalog.ts';

/** A value computed once on first use; a failure is not kept, so the next call tries again. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = null;
      throw error;
    });
    return value;
  };
}

/** Jira Cloud through REST v3: the instance's site, as the instance's credentials. */
export class JiraAdapter implements SourceAdapter {
  readonly source = 'jira' as const;
  readonly #http: JiraHttp;
  readonly #catalog: StatusCatalog;
  readonly #customFields: () => Promise<CustomFieldIds>;
  readonly #myself: () => Promise<JiraUser>;
  /** Jira operations beyond SourceAdapter (MCP Jira's tools), on this adapter's connection and budget. */
  readonly actions: JiraActions;

  constructor(connection: InstanceConnection, deps: AdapterDeps) {
    const credentials = parseJiraCredentials(connection.credentials);
    this.#http = new JiraHttp(
      new UpstreamClient({
        source: 'jira',
        baseUrl: connection.baseUrl,
        headers: { authorization: jiraAuthorization(credentials) },
        policy: connection.policy,
        budget: { limiter: deps.limiter, key: budgetKey(connection), rule: deps.budget },
        metrics: deps.metrics,
        retryAfterOf: (response) => jiraRetryAfter(response),
        ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
        ...(deps.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: deps.maxWaitSeconds }),
      }),
    );
    this.#catalog = new StatusCatalog(() =>
      this.#http.json({ method: 'GET', path: '/rest/api/3/status' }, meta.jiraStatusListSchema),
    );
    this.#customFields = lazy(async () =>
      customFieldIds(
        await this.#http.json({ method: 'GET', path: '/rest/api/3/field' }, meta.jiraFieldListSchema),
      ),
    );
    this.#myself = lazy(() => this.#http.json({ method: 'GET', path: '/rest/api/3/myself' }, jiraUserSchema));
    this.actions = new JiraActions(this.#http);
  }

  async testConnection(): Promise<ConnectionInfo> {
    const { body, headers } = await this.#http.raw({ method: 'GET', path: '/rest/api/3/myself' });
    const me = jiraUserSchema.safeParse(body);
    if (!me.success) throw unexpectedPayload('GET /rest/api/3/myself', me.error);
    // Sites that hide e-mail addresses leave it out (or empty): the account id identifies the caller then.
    const email = me.data.emailAddress ?? '';
    return { identity: email === '' ? me.data.accountId : email, rateLimit: rateLimitOf(headers) };
  }

  async listProjects(): Promise<SourceProject[]> {
    const projects: SourceProject[] = [];
    for (let startAt = 0; ;) {
      const page = await this.#http.json(
        {
          method: 'GET',
          path: '/rest/api/3/project/search',
          query: { startAt, maxResults: 50, orderBy: 'key' },
        },
        meta.jiraProjectPageSchema,
      );
      for (const raw of page.values) {
        const project = meta.jiraProjectSchema.safeParse(raw);
        if (!project.success) throw unexpectedPayload('GET /rest/api/3/project/search', project.error);
        const { id, key, name } = project.data;
        projects.push({ sourceId: id, key, name, team: null, raw });
      }
      startAt = page.startAt + page.values.length;
      const isLast = page.isLast ?? (page.total === undefined || startAt >= page.total);
      if (isLast || page.values.length === 0) return projects;
    }
  }

  async fetchItems(request: FetchItemsRequest): Promise<ItemPage> {
    if (request.projectKey.trim() === '')
      throw new AppError('validation_error', 'projectKey: must not be empty');
    return fetchProjectPage(
      {
        http: this.#http,
        fields: async () => issueFieldList(await this.#customFields()),
        timeZone: async () => (await this.#myself()).timeZone ?? null,
        toItems: (raws) => this.#toItems(raws),
      },
      request,
    );
  }

  async getItem(key: string): Promise<SourceItem> {
    const fields = issueFieldList(await this.#customFields());
    const { body } = await this.#http.raw({
      method: 'GET',
      path: issuePath(key),
      query: { fields: fields.join(','), expand: 'changelog' },
    });
    const complete = await completeIssue(this.#http, body);
    const ids = await this.#prepare([complete]);
    return toSourceItem(complete, this.#catalog, ids);
  }

  async search(query: string, options: { limit: number; cursor?: string | undefined }): Promise<ItemPage> {
    const fields = issueFieldList(await this.#customFields());
    const maxResults = Math.min(MAX_SEARCH_PAGE, Math.max(1, Math.floor(options.limit)));
    const page = await this.#http.json(
      {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: {
          jql: query,
          maxResults,
          fields,
          expand: 'changelog',
          ...(options.cursor === undefined ? {} : { nextPageToken: options.cursor }),
        },
        idempotent: true,
      },
      jiraSearchPageSchema,
    );
    const token = page.nextPageToken ?? null;
    return {
      items: await this.#toItems(page.issues),
      nextCursor: page.isLast === true ? null : token,
      expectedTotal: null,
    };
  }

  async createItem(input: CreateItemInput): Promise<SourceItem> {
    const created = await this.#http.json(
      { method: 'POST', path: '/rest/api/3/issue', body: createIssueBody(input) },
      meta.jiraCreatedIssueSchema,
    );
    return this.getItem(created.key);
  }

  async updateItem(key: string, input: UpdateItemInput): Promise<SourceItem> {
    const fields = issueFieldsOf(input);
    if (Object.keys(fields).length > 0)
      await this.#http.raw({ method: 'PUT', path: issuePath(key), body: { fields } });
    return this.getItem(key);
  }

  async listUsers(query: string): Promise<SourcePerson[]> {
    const users = await this.#http.json(
      { method: 'GET', path: '/rest/api/3/user/search', query: { query, maxResults: 50 } },
      meta.jiraUserListSchema,
    );
    return users.map((u) => toPerson(u)).filter((p): p is SourcePerson => p !== null);
  }

  async addComment(key: string, body: string): Promise<{ sourceId: string }> {
    const created = await this.#http.json(
      { method: 'POST', path: issuePath(key, '/comment'), body: { body: textToAdf(body) } },
      meta.jiraCreatedCommentSchema,
    );
    return { sourceId: created.id };
  }

  async listTransitions(key: string): Promise<Array<{ id: string; name: string; to: string }>> {
    const answer = await this.#http.json(
      { method: 'GET', path: issuePath(key, '/transitions') },
      meta.jiraTransitionListSchema,
    );
    return answer.transitions.map((t) => ({ id: t.id, name: t.name, to: t.to.name }));
  }

  async transition(key: string, transitionId: string): Promise<void> {
    await this.#http.raw({
      method: 'POST',
      path: issuePath(key, '/transitions'),
      body: { transition: { id: transitionId } },
    });
  }

  async link(fromKey: string, toKey: string, type: string): Promise<void> {
    await this.#http.raw({
      method: 'POST',
      path: '/rest/api/3/issueLink',
      body: linkBody(fromKey, toKey, type),
    });
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  async #toItems(raws: readonly unknown[]): Promise<SourceItem[]> {
    const completes = await completeIssues(this.#http, raws);
    const ids = await this.#prepare(completes);
    return completes.map((c) => toSourceItem(c, this.#catalog, ids));
  }

  /** Readies the status catalog for these issues' histories; answers the site's custom field ids. */
  async #prepare(completes: readonly CompleteIssue[]): Promise<CustomFieldIds> {
    for (const c of completes) this.#catalog.learn(c.issue.fields.status);
    await this.#catalog.ensure(completes.flatMap((c) => statusIdsOf(c.histories)));
    return this.#customFields();
  }
}

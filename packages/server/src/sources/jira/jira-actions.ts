import type { z } from 'zod';
import { unexpectedPayload } from './jira-errors.ts';
import type { JiraComment } from './jira-payloads.ts';
import { jiraCommentSchema, jiraSearchPageSchema } from './jira-payloads.ts';
import type { JiraHttp } from './jira-http.ts';
import { issuePath } from './issue-path.ts';
import { linkBody } from './issue-writes.ts';
import * as meta from './jira-meta-payloads.ts';
import {
  jiraCommentListSchema,
  jiraFoundUserListSchema,
  jiraIssueHeadSchema,
  jiraLinkTypeListSchema,
  jiraTransitionsSchema,
  type JiraFoundUser,
  type JiraLinkType,
  type JiraTransition,
} from './jira-action-payloads.ts';

/** A 2xx payload read with `schema`; a drifted one is the upstream's fault (never a ZodError, which blames the client). */
function payload<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw unexpectedPayload(what, parsed.error);
  return parsed.data;
}

/** What a write answered: Jira's HTTP status, which the audit log records. */
export interface WriteAnswer {
  status: number;
}

export interface SearchRequest {
  jql: string;
  /** Field ids (or `*all`, `*navigable`) each issue carries. */
  fields: readonly string[];
  maxResults: number;
  nextPageToken?: string | undefined;
}

export interface SearchAnswer {
  /** Issues as Jira sent them. */
  issues: unknown[];
  nextPageToken: string | null;
}

export interface ProjectPage {
  projects: Array<{ id: string; key: string; name: string }>;
  /** Where the next page starts, or null after the last. */
  nextStartAt: number | null;
}

/**
 * Jira operations that the generic SourceAdapter does not offer, in Jira's own terms (raw issue JSON, ADF,
 * field ids), for MCP Jira's tools. Runs on the adapter's JiraHttp, so calls share the instance's request
 * budget, retries and keep-alive connections. Failures are the AppErrors of JiraHttp: Jira's own messages
 * for 4xx answers, upstream codes otherwise.
 */
export class JiraActions {
  readonly #http: JiraHttp;

  constructor(http: JiraHttp) {
    this.#http = http;
  }

  /** One page of `/search/jql`; a search only reads, so it is retried like a GET. */
  async search(request: SearchRequest): Promise<SearchAnswer> {
    const page = await this.#http.json(
      {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: {
          jql: request.jql,
          maxResults: request.maxResults,
          fields: [...request.fields],
          ...(request.nextPageToken === undefined ? {} : { nextPageToken: request.nextPageToken }),
        },
        idempotent: true,
      },
      jiraSearchPageSchema,
    );
    const token = page.nextPageToken ?? null;
    return { issues: page.issues, nextPageToken: page.isLast === true ? null : token };
  }

  /** One issue as Jira sends it, with the fields and expansions asked for. */
  async getIssue(
    key: string,
    options: { fields: readonly string[]; expand: readonly string[] },
  ): Promise<unknown> {
    const { body } = await this.#http.raw({
      method: 'GET',
      path: issuePath(key),
      query: {
        fields: options.fields.join(','),
        ...(options.expand.length === 0 ? {} : { expand: options.expand.join(',') }),
      },
    });
    return body;
  }

  /** `POST /issue` with Jira's `fields` (ADF description, custom fields by id). */
  async createIssue(fields: Record<string, unknown>): Promise<WriteAnswer & { id: string; key: string }> {
    const { status, body } = await this.#http.raw({
      method: 'POST',
      path: '/rest/api/3/issue',
      body: { fields },
    });
    const created = payload(jiraIssueHeadSchema, body, 'POST /rest/api/3/issue');
    return { status, id: created.id, key: created.key };
  }

  /** `PUT /issue/{key}`: sets the given fields. */
  async editIssue(key: string, fields: Record<string, unknown>): Promise<WriteAnswer> {
    const { status } = await this.#http.raw({ method: 'PUT', path: issuePath(key), body: { fields } });
    return { status };
  }

  async listTransitions(key: string): Promise<JiraTransition[]> {
    const answer = await this.#http.json(
      { method: 'GET', path: issuePath(key, '/transitions') },
      jiraTransitionsSchema,
    );
    return answer.transitions;
  }

  /** Moves the issue along transition `id`, setting `fields` on the way (the transition screen's fields). */
  async transition(key: string, id: string, fields?: Record<string, unknown>): Promise<WriteAnswer> {
    const { status } = await this.#http.raw({
      method: 'POST',
      path: issuePath(key, '/transitions'),
      body: { transition: { id }, ...(fields === undefined ? {} : { fields }) },
    });
    return { status };
  }

  async listComments(
    key: string,
    options: { startAt: number; maxResults: number; newestFirst: boolean },
  ): Promise<{ total: number; startAt: number; comments: JiraComment[] }> {
    const page = await this.#http.json(
      {
        method: 'GET',
        path: issuePath(key, '/comment'),
        query: {
          startAt: options.startAt,
          maxResults: options.maxResults,
          orderBy: options.newestFirst ? '-created' : 'created',
        },
      },
      jiraCommentListSchema,
    );
    return { total: page.total, startAt: page.startAt ?? options.startAt, comments: page.comments };
  }

  /** Adds a comment whose body is an ADF document. */
  async addComment(key: string, body: unknown): Promise<WriteAnswer & { comment: JiraComment }> {
    const answer = await this.#http.raw({ method: 'POST', path: issuePath(key, '/comment'), body: { body } });
    return { status: answer.status, comment: payload(jiraCommentSchema, answer.body, 'POST comment') };
  }

  /** Assigns the issue to an account, or unassigns it with null. */
  async assign(key: string, accountId: string | null): Promise<WriteAnswer> {
    const { status } = await this.#http.raw({
      method: 'PUT',
      path: issuePath(key, '/assignee'),
      body: { accountId },
    });
    return { status };
  }

  async linkTypes(): Promise<JiraLinkType[]> {
    const answer = await this.#http.json(
      { method: 'GET', path: '/rest/api/3/issueLinkType' },
      jiraLinkTypeListSchema,
    );
    return answer.issueLinkTypes;
  }

  /** Links two issues: "`outwardKey` <type's outward phrase> `inwardKey`", e.g. "PAY-1 blocks PAY-2". */
  async link(typeName: string, outwardKey: string, inwardKey: string): Promise<WriteAnswer> {
    const { status } = await this.#http.raw({
      method: 'POST',
      path: '/rest/api/3/issueLink',
      body: linkBody(outwardKey, inwardKey, typeName),
    });
    return { status };
  }

  async searchUsers(query: string, maxResults: number): Promise<JiraFoundUser[]> {
    return this.#http.json(
      { method: 'GET', path: '/rest/api/3/user/search', query: { query, maxResults } },
      jiraFoundUserListSchema,
    );
  }

  /** One page of the site's projects, by key, optionally narrowed to those whose key or name contains `query`. */
  async listProjects(options: {
    query?: string | undefined;
    startAt: number;
    maxResults: number;
  }): Promise<ProjectPage> {
    const page = await this.#http.json(
      {
        method: 'GET',
        path: '/rest/api/3/project/search',
        query: {
          startAt: options.startAt,
          maxResults: options.maxResults,
          orderBy: 'key',
          ...(options.query === undefined ? {} : { query: options.query }),
        },
      },
      meta.jiraProjectPageSchema,
    );
    const projects = page.values.map((raw) =>
      payload(meta.jiraProjectSchema, raw, 'GET /rest/api/3/project/search'),
    );
    const next = page.startAt + page.values.length;
    const isLast = page.isLast ?? (page.total === undefined || next >= page.total);
    return {
      projects: projects.map((p) => ({ id: p.id, key: p.key, name: p.name })),
      nextStartAt: isLast || page.values.length === 0 ? null : next,
    };
  }
}

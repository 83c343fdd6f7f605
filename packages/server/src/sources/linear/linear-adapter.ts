import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { AdapterDeps, InstanceConnection } from '../adapter-factory.ts';
import type {
  ConnectionInfo,
  CreateItemInput,
  FetchItemsRequest,
  SourceAdapter,
  UpdateItemInput,
} from '../source-adapter.ts';
import type { ItemPage, SourceItem, SourcePerson, SourceProject } from '../source-item.ts';
import { linearCredentialsSchema } from './linear-credentials.ts';
import {
  COMMENT_CREATE,
  ISSUE_BY_ID,
  ISSUE_CREATE,
  ISSUE_MOVE,
  ISSUE_STATES,
  ISSUE_UPDATE,
  SEARCH,
  TEAMS,
  USERS,
  VIEWER,
} from './linear-documents.ts';
import { fetchIssuePage } from './linear-fetch.ts';
import { LinearGraphQL, type LinearAnswer } from './linear-graphql.ts';
import { completeIssue, completeIssues } from './linear-issue-completion.ts';
import { personOf, toSourceItem } from './linear-mapper.ts';
import { issueSchema, pageInfoSchema, teamSchema, userSchema } from './linear-payloads.ts';
import { createInput, issueStatesAnswer, updateInput } from './linear-writes.ts';

const viewerAnswer = z.object({ viewer: userSchema }).loose();
const teamsAnswer = z
  .object({ teams: z.object({ nodes: z.array(teamSchema), pageInfo: pageInfoSchema }).loose() })
  .loose();
const issueAnswer = z.object({ issue: issueSchema }).loose();
const searchAnswer = z
  .object({ issues: z.object({ nodes: z.array(issueSchema), pageInfo: pageInfoSchema }).loose() })
  .loose();
const usersAnswer = z.object({ users: z.object({ nodes: z.array(userSchema) }).loose() }).loose();
const successAnswer = z.object({ success: z.boolean() }).loose();
const issuePayload = successAnswer.extend({ issue: issueSchema.nullable() });
const createAnswer = z.object({ issueCreate: issuePayload }).loose();
const updateAnswer = z.object({ issueUpdate: issuePayload }).loose();
const moveAnswer = z.object({ issueUpdate: successAnswer }).loose();
const commentAnswer = z
  .object({
    commentCreate: successAnswer.extend({ comment: z.object({ id: z.string() }).loose().nullable() }),
  })
  .loose();

const MAX_SEARCH_PAGE = 100;

function numberHeader(answer: LinearAnswer<unknown>, name: string): number | null {
  const raw = answer.headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw === undefined || !Number.isFinite(value) ? null : value;
}

/** Linear through its GraphQL API: teams are projects, issues are items keyed by identifier (ENG-42). */
export class LinearAdapter implements SourceAdapter {
  readonly source = 'linear' as const;
  readonly #gql: LinearGraphQL;

  constructor(connection: InstanceConnection, deps: AdapterDeps) {
    const credentials = linearCredentialsSchema.safeParse(connection.credentials);
    if (!credentials.success)
      throw new AppError('validation_error', 'linear: credentials are not an api_key or oauth token');
    this.#gql = new LinearGraphQL(connection, deps, credentials.data);
  }

  async testConnection(): Promise<ConnectionInfo> {
    const answer = await this.#gql.query(VIEWER, {}, viewerAnswer);
    const limit = numberHeader(answer, 'x-ratelimit-requests-limit');
    const remaining = numberHeader(answer, 'x-ratelimit-requests-remaining');
    const reset = numberHeader(answer, 'x-ratelimit-requests-reset');
    const viewer = answer.data.viewer;
    return {
      identity: viewer.email ?? viewer.name,
      rateLimit:
        limit === null || remaining === null
          ? null
          : { limit, remaining, resetAt: reset === null ? null : new Date(reset).toISOString() },
    };
  }

  async listProjects(): Promise<SourceProject[]> {
    const projects: SourceProject[] = [];
    let after: string | null = null;
    do {
      const { data }: LinearAnswer<z.infer<typeof teamsAnswer>> = await this.#gql.query(
        TEAMS,
        { after },
        teamsAnswer,
      );
      for (const team of data.teams.nodes) {
        projects.push({ sourceId: team.id, key: team.key, name: team.name, team: team.name, raw: team });
      }
      after = data.teams.pageInfo.hasNextPage ? data.teams.pageInfo.endCursor : null;
    } while (after !== null);
    return projects;
  }

  fetchItems(request: FetchItemsRequest): Promise<ItemPage> {
    return fetchIssuePage(this.#gql, request);
  }

  /** By identifier (ENG-42) or id: Linear's `issue(id:)` takes both. */
  async getItem(key: string): Promise<SourceItem> {
    const { data } = await this.#gql.query(ISSUE_BY_ID, { id: key }, issueAnswer);
    return toSourceItem(await completeIssue(this.#gql, data.issue));
  }

  /** Issues whose title contains `query` (case-insensitive), newest update first, across all teams. */
  async search(query: string, options: { limit: number; cursor?: string | undefined }): Promise<ItemPage> {
    const { data } = await this.#gql.query(
      SEARCH,
      {
        filter: { title: { containsIgnoreCase: query } },
        first: Math.max(1, Math.min(MAX_SEARCH_PAGE, options.limit)),
        after: options.cursor ?? null,
      },
      searchAnswer,
    );
    const complete = await completeIssues(this.#gql, data.issues.nodes);
    const { hasNextPage, endCursor } = data.issues.pageInfo;
    return {
      items: complete.map(toSourceItem),
      nextCursor: hasNextPage ? endCursor : null,
      expectedTotal: null,
    };
  }

  async createItem(input: CreateItemInput): Promise<SourceItem> {
    const { data } = await this.#gql.mutate(
      ISSUE_CREATE,
      { input: await createInput(this.#gql, input) },
      createAnswer,
    );
    const issue = data.issueCreate.issue;
    if (!data.issueCreate.success || issue === null) {
      throw new AppError('upstream_5xx', 'linear did not create the issue');
    }
    return toSourceItem(await completeIssue(this.#gql, issue));
  }

  async updateItem(key: string, input: UpdateItemInput): Promise<SourceItem> {
    const changes = await updateInput(this.#gql, key, input);
    if (Object.keys(changes).length === 0) return this.getItem(key);
    const { data } = await this.#gql.mutate(ISSUE_UPDATE, { id: key, input: changes }, updateAnswer);
    const issue = data.issueUpdate.issue;
    if (!data.issueUpdate.success || issue === null) {
      throw new AppError('upstream_5xx', `linear did not update ${key}`);
    }
    return toSourceItem(await completeIssue(this.#gql, issue));
  }

  /** Active users whose name, display name or e-mail contains `query`. */
  async listUsers(query: string): Promise<SourcePerson[]> {
    const contains = { containsIgnoreCase: query };
    const filter = { or: [{ name: contains }, { displayName: contains }, { email: contains }] };
    const { data } = await this.#gql.query(USERS, { filter }, usersAnswer);
    return data.users.nodes.map((user) => personOf(user)!);
  }

  async addComment(key: string, body: string): Promise<{ sourceId: string }> {
    const { data } = await this.#gql.mutate(COMMENT_CREATE, { input: { issueId: key, body } }, commentAnswer);
    const comment = data.commentCreate.comment;
    if (!data.commentCreate.success || comment === null) {
      throw new AppError('upstream_5xx', `linear did not add the comment to ${key}`);
    }
    return { sourceId: comment.id };
  }

  /** Every other workflow state of the issue's team, in board order: Linear lets an issue move to any of them. */
  async listTransitions(key: string): Promise<Array<{ id: string; name: string; to: string }>> {
    const { data } = await this.#gql.query(ISSUE_STATES, { id: key }, issueStatesAnswer);
    return data.issue.team.states.nodes
      .filter((state) => state.id !== data.issue.state.id)
      .sort((a, b) => a.position - b.position)
      .map((state) => ({ id: state.id, name: state.name, to: state.name }));
  }

  /** Moves the issue to the workflow state `transitionId` (an id from listTransitions). */
  async transition(key: string, transitionId: string): Promise<void> {
    const { data } = await this.#gql.mutate(ISSUE_MOVE, { id: key, stateId: transitionId }, moveAnswer);
    if (!data.issueUpdate.success) throw new AppError('upstream_5xx', `linear did not move ${key}`);
  }

  close(): Promise<void> {
    return this.#gql.close();
  }
}

import pLimit, { type LimitFunction } from 'p-limit';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { budgetKey, type AdapterDeps, type InstanceConnection } from '../adapter-factory.ts';
import type {
  ConnectionInfo,
  CreateItemInput,
  FetchItemsRequest,
  SourceAdapter,
  UpdateItemInput,
} from '../source-adapter.ts';
import type { ItemPage, SourceItem, SourceProject } from '../source-item.ts';
import { UpstreamClient } from '../upstream/upstream-client.ts';
import { AsanaApi, apiRoot } from './asana-api.ts';
import { asanaCredentialsSchema } from './asana-credentials.ts';
import { fetchProjectPage } from './asana-fetch.ts';
import { homeProjectOf, toSourceItem } from './asana-mapper.ts';
import {
  asanaProjectSchema,
  asanaSectionSchema,
  asanaTaskSchema,
  asanaUserSchema,
  asanaWorkspaceSchema,
  TASK_FIELDS,
  type AsanaTask,
} from './asana-payloads.ts';
import { searchTasks } from './asana-search.ts';
import { requireGid, STORY_CONCURRENCY, storiesOf } from './asana-tasks.ts';
import { createData, updateData } from './asana-writes.ts';

const storySchema = z.object({ gid: z.string().min(1) }).loose();

/** Asana REST 1.0 as a SourceAdapter. Keys are task gids, project keys project gids, statuses sections. */
export class AsanaAdapter implements SourceAdapter {
  readonly source = 'asana' as const;
  readonly #api: AsanaApi;
  readonly #limit: LimitFunction = pLimit(STORY_CONCURRENCY);

  constructor(connection: InstanceConnection, deps: AdapterDeps) {
    const parsed = asanaCredentialsSchema.safeParse(connection.credentials);
    // The issues would quote the credentials: say only which part is wrong.
    if (!parsed.success) throw new AppError('validation_error', 'credentials: Asana needs { token }');
    const client = new UpstreamClient({
      source: 'asana',
      baseUrl: apiRoot(connection.baseUrl),
      headers: { authorization: `Bearer ${parsed.data.token}` },
      policy: connection.policy,
      budget: { limiter: deps.limiter, key: budgetKey(connection), rule: deps.budget },
      metrics: deps.metrics,
      ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
      ...(deps.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: deps.maxWaitSeconds }),
    });
    this.#api = new AsanaApi(client);
  }

  async testConnection(): Promise<ConnectionInfo> {
    const me = await this.#api.call(
      { method: 'GET', path: 'users/me', query: { opt_fields: 'name,email' } },
      asanaUserSchema,
    );
    // Asana publishes no quota headers; its limits show only as 429s.
    return { identity: me.email ?? me.name ?? me.gid, rateLimit: null };
  }

  async listProjects(): Promise<SourceProject[]> {
    const workspaces = await this.#api.all('workspaces', { opt_fields: 'name' }, asanaWorkspaceSchema);
    const projects: SourceProject[] = [];
    for (const workspace of workspaces) {
      const query = { workspace: workspace.gid, opt_fields: 'name,team.name,archived' };
      for (const p of await this.#api.all('projects', query, asanaProjectSchema)) {
        projects.push({ sourceId: p.gid, key: p.gid, name: p.name, team: p.team?.name ?? null, raw: p });
      }
    }
    return projects;
  }

  fetchItems(request: FetchItemsRequest): Promise<ItemPage> {
    return fetchProjectPage(this.#api, this.#limit, request);
  }

  async getItem(key: string): Promise<SourceItem> {
    const task = await this.#api.call(
      { method: 'GET', path: `tasks/${requireGid(key, 'task')}`, query: { opt_fields: TASK_FIELDS } },
      asanaTaskSchema,
    );
    return this.#withStories(task, homeProjectOf(task));
  }

  search(query: string, options: { limit: number; cursor?: string | undefined }): Promise<ItemPage> {
    return searchTasks(this.#api, this.#limit, query, options, async () =>
      (await this.listProjects()).map((p) => p.key),
    );
  }

  async createItem(input: CreateItemInput): Promise<SourceItem> {
    const task = await this.#api.call(
      {
        method: 'POST',
        path: 'tasks',
        query: { opt_fields: TASK_FIELDS },
        body: { data: createData(input) },
      },
      asanaTaskSchema,
    );
    return this.#withStories(task, input.projectKey);
  }

  async updateItem(key: string, input: UpdateItemInput): Promise<SourceItem> {
    const task = await this.#api.call(
      {
        method: 'PUT',
        path: `tasks/${requireGid(key, 'task')}`,
        query: { opt_fields: TASK_FIELDS },
        body: { data: updateData(input) },
      },
      asanaTaskSchema,
    );
    return this.#withStories(task, homeProjectOf(task));
  }

  async addComment(key: string, body: string): Promise<{ sourceId: string }> {
    const story = await this.#api.call(
      { method: 'POST', path: `tasks/${requireGid(key, 'task')}/stories`, body: { data: { text: body } } },
      storySchema,
    );
    return { sourceId: story.gid };
  }

  /** The other sections of the task's home project: in Asana, moving between sections is the status change. */
  async listTransitions(key: string): Promise<Array<{ id: string; name: string; to: string }>> {
    const task = await this.#api.call(
      {
        method: 'GET',
        path: `tasks/${requireGid(key, 'task')}`,
        query: { opt_fields: 'memberships.project,memberships.section' },
      },
      asanaTaskSchema.pick({ gid: true, memberships: true }),
    );
    const home = task.memberships?.[0];
    if (home === undefined) return [];
    const sections = await this.#api.all(
      `projects/${requireGid(home.project.gid, 'project')}/sections`,
      { opt_fields: 'name' },
      asanaSectionSchema,
    );
    return sections
      .filter((s) => s.gid !== home.section?.gid)
      .map((s) => ({ id: s.gid, name: `Move to ${s.name}`, to: s.name }));
  }

  /** Moves the task into the section `transitionId` (an id from listTransitions). */
  async transition(key: string, transitionId: string): Promise<void> {
    await this.#api.call(
      {
        method: 'POST',
        path: `sections/${requireGid(transitionId, 'section')}/addTask`,
        body: { data: { task: requireGid(key, 'task') } },
        // Placing a task in a section twice leaves it there: safe to retry.
        idempotent: true,
      },
      z.unknown(),
    );
  }

  close(): Promise<void> {
    return this.#api.close();
  }

  async #withStories(task: AsanaTask, projectKey: string): Promise<SourceItem> {
    return toSourceItem(task, await storiesOf(this.#api, task.gid), projectKey);
  }
}

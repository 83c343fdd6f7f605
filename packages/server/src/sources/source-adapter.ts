import type { ItemPage, SourceItem, SourcePerson, SourceProject } from './source-item.ts';
import type { SourceType } from './source-type.ts';

export interface ConnectionInfo {
  /** Who the credentials act as, e.g. `demo@example.com` or `octocat`. */
  identity: string;
  /** The upstream's own rate-limit state, where it reports one. */
  rateLimit: { limit: number; remaining: number; resetAt: string | null } | null;
}

export interface FetchItemsRequest {
  projectKey: string;
  /** Only items updated at or after this instant (incremental sync); undefined for a backfill. */
  since?: Date | undefined;
  /** Cursor from the previous page; undefined for the first. */
  cursor?: string | undefined;
  /** Page size the adapter should ask for (it may cap it to the source's maximum). */
  pageSize: number;
}

export interface CreateItemInput {
  projectKey: string;
  title: string;
  description?: string | undefined;
  type?: string | undefined;
  priority?: string | undefined;
  assigneeAccountId?: string | undefined;
  labels?: string[] | undefined;
  parentKey?: string | undefined;
  /** Source-specific extra fields, passed as the source expects them. */
  fields?: Record<string, unknown> | undefined;
}

export type UpdateItemInput = Partial<Omit<CreateItemInput, 'projectKey'>>;

/**
 * One upstream work-tracking system, as every caller (sync engine, MCP tools, admin API) sees it.
 * Methods throw AppError with upstream codes: unauthorized, forbidden, not_found, rate_limited (with
 * retryAfter), upstream_4xx, upstream_5xx, timeout, network_error. Optional capabilities are present
 * only where the source has them.
 */
export interface SourceAdapter {
  readonly source: SourceType;
  testConnection(): Promise<ConnectionInfo>;
  listProjects(): Promise<SourceProject[]>;
  /** One page of a project's items with full history, oldest update first when `since` is given. */
  fetchItems(request: FetchItemsRequest): Promise<ItemPage>;
  /** One item by key, with history, comments and links. */
  getItem(key: string): Promise<SourceItem>;
  /** The source's own search (JQL on Jira), one page. */
  search(query: string, options: { limit: number; cursor?: string | undefined }): Promise<ItemPage>;
  createItem(input: CreateItemInput): Promise<SourceItem>;
  updateItem(key: string, input: UpdateItemInput): Promise<SourceItem>;
  listUsers?(query: string): Promise<SourcePerson[]>;
  addComment?(key: string, body: string): Promise<{ sourceId: string }>;
  listTransitions?(key: string): Promise<Array<{ id: string; name: string; to: string }>>;
  transition?(key: string, transitionId: string): Promise<void>;
  link?(fromKey: string, toKey: string, type: string): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

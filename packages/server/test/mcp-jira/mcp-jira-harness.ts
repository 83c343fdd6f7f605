import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { defaultCredentials } from '@digital-spiral/sandbox';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { generateApiToken } from '../../src/auth/api-token.ts';
import type { Scope } from '../../src/auth/scopes.ts';
import { withTenant } from '../../src/db/with-tenant.ts';
import type { AppContext } from '../../src/runtime/app-context.ts';
import { buildMcpJiraApp } from '../../src/servers/mcp-jira/mcp-jira-app.ts';
import {
  connectAndBackfill,
  createInstanceVia,
  instanceBody,
  startSyncHarness,
  type SyncHarness,
} from '../helpers/sync-harness.ts';
import { bearer } from '../helpers/tenants.ts';

export interface Caller {
  token: string;
  tokenId: string;
  userId: string | null;
}

/** A tool result as the SDK client returns it. */
export interface ToolResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content?: Array<{ type: string; text?: string }>;
}

export interface McpJiraHarness extends SyncHarness {
  /** MCP Jira on a real port. */
  mcp: FastifyInstance;
  base: string;
  /** Tokens of the harness tenant (the admin's, `acme`), one bound to a user. */
  reader: Caller;
  writer: Caller;
  /** An MCP client over Streamable HTTP (closed with the harness). */
  client(token: string, base?: string): Promise<Client>;
  /** The Jira fake's REST API as its default account: the oracle of what the tools did. */
  jira<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Starts another MCP Jira app on `ctx` (e.g. with other config); closed with the harness. */
  startMcp(ctx: AppContext): Promise<string>;
}

/** The issues the Jira fake holds now (live ones). */
export function jiraIssueCount(h: SyncHarness): number {
  return h.sandbox.services.jira?.service.stats().issues ?? 0;
}

/** A token of `tenantId` with `scopes`, bound to a new user of the tenant when `withUser` is set. */
export async function tokenFor(
  ctx: AppContext,
  tenantId: string,
  scopes: Scope[],
  withUser: boolean,
): Promise<Caller> {
  const { token, hash } = generateApiToken(tenantId);
  return withTenant(ctx.db.runtime, tenantId, async (trx) => {
    const user = withUser
      ? ((
          await sql<{ id: string }>`
            insert into users (tenant_id, email) values (${tenantId}::uuid, ${`${hash.toString('hex').slice(0, 12)}@example.com`})
            returning id`.execute(trx)
        ).rows[0]?.id ?? null)
      : null;
    const row = await sql<{ id: string }>`
      insert into api_tokens (tenant_id, user_id, name, token_hash, scopes)
      values (${tenantId}::uuid, ${user}::uuid, ${scopes.join('-')}, ${hash}, ${scopes})
      returning id`.execute(trx);
    return { token, tokenId: row.rows[0]?.id ?? '', userId: user };
  });
}

/**
 * The sync harness with only the Jira fake (`size` issues), MCP Jira on a real port, and read and write
 * tokens of the admin's tenant.
 */
export async function startMcpJiraHarness(
  options: { size?: number; extraCredentials?: string[] } = {},
): Promise<McpJiraHarness> {
  const h = await startSyncHarness({
    jira: { port: 0, size: options.size ?? 60, extraCredentials: options.extraCredentials ?? [] },
    github: { enabled: false },
    asana: { enabled: false },
    linear: { enabled: false },
  });
  const apps: FastifyInstance[] = [];
  const clients: Client[] = [];
  const startMcp = async (ctx: AppContext): Promise<string> => {
    const app = await buildMcpJiraApp(ctx);
    apps.push(app);
    return app.listen({ host: '127.0.0.1', port: 0 });
  };
  const base = await startMcp(h.t.ctx);
  const [mcp] = apps;
  if (mcp === undefined) throw new Error('MCP Jira did not start');
  const reader = await tokenFor(h.t.ctx, h.admin.tenantId, ['read'], false);
  const writer = await tokenFor(h.t.ctx, h.admin.tenantId, ['write'], true);
  const jiraUrl = h.sandbox.urls.jira ?? '';
  return {
    ...h,
    mcp,
    base,
    reader,
    writer,
    startMcp,
    async client(token, at = base) {
      const client = new Client({ name: 'mcp-jira-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${at}/mcp`), { requestInit: { headers: bearer(token) } }),
      );
      clients.push(client);
      return client;
    },
    async jira(method, path, body) {
      const response = await fetch(`${jiraUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          authorization: defaultCredentials.jira.authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as never };
    },
    close: async () => {
      await Promise.allSettled(clients.map((c) => c.close()));
      await Promise.allSettled(apps.map((a) => a.close()));
      await h.close();
    },
  };
}

/** Connects the fake as a Jira instance of the harness tenant, without syncing it; returns its id. */
export function addJiraInstance(
  h: SyncHarness,
  name: string,
  credentials?: Record<string, unknown>,
): Promise<string> {
  const body = instanceBody(h.sandbox, 'jira', name);
  return createInstanceVia(h, h.admin.token, credentials === undefined ? body : { ...body, credentials });
}

/** Connects the fake as a Jira instance and backfills it; returns its id. */
export async function addSyncedJiraInstance(h: SyncHarness, name: string): Promise<string> {
  return (await connectAndBackfill(h, 'jira', name)).id;
}

/** The structured result of a successful call (fails the test with the error otherwise). */
export async function callOk<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as T;
}

/** The typed error of a failed call (fails the test if it succeeded). */
export async function callError(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<{
  code: string;
  message: string;
  details?: Record<string, unknown>;
  retry_after?: number;
  request_id: string;
}> {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  expect(result.isError, JSON.stringify(result.structuredContent)).toBe(true);
  return (JSON.parse(result.content?.[0]?.text ?? '{}') as { error: never }).error;
}

/** Rows of a tenant-scoped query, run under the tenant's RLS context. */
export function tenantRows<R>(
  ctx: AppContext,
  tenantId: string,
  query: ReturnType<typeof sql<R>>,
): Promise<R[]> {
  return withTenant(ctx.db.runtime, tenantId, async (trx) => (await query.execute(trx)).rows);
}

import { fileURLToPath } from 'node:url';
import { createJiraService, defaultCredentials, startSandbox, type Sandbox } from '@digital-spiral/sandbox';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createTenant } from '../../src/repositories/tenants.ts';
import { createAppContext, type AppContext } from '../../src/runtime/app-context.ts';
import { syncServiceDeps } from '../../src/runtime/sync-runtime.ts';
import { buildMcpJiraApp } from '../../src/servers/mcp-jira/mcp-jira-app.ts';
import { issueApiToken } from '../../src/services/api-tokens.ts';
import { createInstance } from '../../src/services/instances.ts';
import { cliEnvironment } from '../helpers/cli-env.ts';
import { bearer } from '../helpers/tenants.ts';
import { LogCapture } from '../helpers/test-context.ts';
import { SANDBOX_NOW } from '../helpers/sync-harness.ts';

const BIN = fileURLToPath(new URL('../../bin/digital-spiral.js', import.meta.url));

type Transports = 'stdio' | 'streamable-http' | 'sse';

/** What one transport answered to the same conversation. */
interface Transcript {
  server: unknown;
  tools: unknown;
  instances: unknown;
  firstPage: unknown;
  secondPage: unknown;
  /** The second page asked for with the cursor another transport handed out. */
  secondPageByForeignCursor: unknown;
  issue: unknown;
  unknownIssue: unknown;
}

/**
 * The real MCP Jira server speaks the same over stdio (the CLI, spawned), Streamable HTTP and the older
 * HTTP+SSE transport: the same tools with the same schemas, and the same answers from the sandbox's Jira.
 * One data directory (PGlite, or a PostgreSQL database when DATABASE_URL is set) serves all three in turn:
 * the embedded database admits one process at a time.
 */
describe('MCP Jira over stdio, Streamable HTTP and SSE', () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let sandbox: Sandbox;
  let token: string;
  let instanceId: string;
  let project: string;
  const transcripts = new Map<Transports, Transcript>();
  const logs = new LogCapture();

  async function openContext(): Promise<AppContext> {
    return createAppContext(loadConfig(env), createLogger({ level: 'info', destination: logs }), {
      migrate: true,
      defaultMetrics: false,
    });
  }

  beforeAll(async () => {
    ({ env, cleanup } = await cliEnvironment());
    sandbox = await startSandbox(
      {
        now: SANDBOX_NOW,
        jira: { port: 0, size: 60 },
        github: { enabled: false },
        asana: { enabled: false },
        linear: { enabled: false },
      },
      { factories: { jira: createJiraService } },
    );
    const ctx = await openContext();
    try {
      const tenant = await createTenant(ctx.db.owner, { slug: 'acme', name: 'Acme' });
      const issued = await issueApiToken(ctx.db.runtime, tenant.id, { name: 'reader', scopes: ['read'] });
      token = issued.token;
      const c = defaultCredentials.jira.values;
      const { instance } = await createInstance(
        syncServiceDeps(ctx),
        { tenantId: tenant.id, tokenId: issued.info.id, userId: null, requestId: 'setup' },
        {
          source_type: 'jira',
          name: 'sandbox jira',
          base_url: sandbox.urls.jira ?? '',
          credentials: { type: 'basic', email: c.email, api_token: c.apiToken },
        },
      );
      instanceId = instance.id;
    } finally {
      await ctx.close();
    }
    const projects = await fetch(`${sandbox.urls.jira}/rest/api/3/project/search`, {
      headers: { authorization: defaultCredentials.jira.authorization },
    });
    project = ((await projects.json()) as { values: Array<{ key: string }> }).values[0]?.key ?? '';
    expect(project).not.toBe('');
  });

  afterAll(async () => {
    await sandbox?.close();
    await cleanup?.();
  });

  const structured = async (
    client: Client,
    name: string,
    args: Record<string, unknown>,
  ): Promise<unknown> => {
    const result = await client.callTool({ name, arguments: args });
    expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeUndefined();
    // The text content carries the same value, for clients that ignore structured content.
    const text = (result.content as Array<{ type: string; text: string }>)[0]?.text ?? '';
    expect(JSON.parse(text)).toEqual(result.structuredContent);
    return result.structuredContent;
  };

  /** The same conversation on any transport. */
  async function converse(transport: Transport, foreignCursor: string | undefined): Promise<Transcript> {
    const client = new Client({ name: 'parity', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      const jql = `created >= "-3650d" ORDER BY key ASC`;
      const firstPage = (await structured(client, 'jira_search', { jql, limit: 7 })) as {
        issues: Array<{ key: string }>;
        next_cursor: string | null;
      };
      const cursor = firstPage.next_cursor ?? '';
      const firstKey = firstPage.issues[0]?.key ?? '';
      const unknown = await client.callTool({
        name: 'jira_get_issue',
        arguments: { issue_key: `${project}-99999` },
      });
      return {
        server: client.getServerVersion(),
        tools: [...tools].sort((a, b) => a.name.localeCompare(b.name)),
        instances: await structured(client, 'jira_list_instances', {}),
        firstPage,
        secondPage: await structured(client, 'jira_search', { jql, limit: 7, cursor }),
        secondPageByForeignCursor:
          foreignCursor === undefined
            ? undefined
            : await structured(client, 'jira_search', { jql, limit: 7, cursor: foreignCursor }),
        issue: await structured(client, 'jira_get_issue', { issue_key: firstKey, expand: ['comments'] }),
        // Errors are alike too, request ids aside.
        unknownIssue: JSON.parse(
          ((unknown.content as Array<{ text: string }>)[0]?.text ?? '{}').replace(
            /"request_id":"[^"]+"/,
            '"request_id":"-"',
          ),
        ) as unknown,
      };
    } finally {
      await client.close();
    }
  }

  const cursorOf = (t: Transcript | undefined): string | undefined =>
    (t?.firstPage as { next_cursor?: string } | undefined)?.next_cursor;

  it('answers over stdio (the CLI)', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', 'jira', '--token', token],
      env: { PATH: process.env.PATH ?? '', ...env },
      stderr: 'pipe',
    });
    const transcript = await converse(transport, undefined);
    transcripts.set('stdio', transcript);
    expect(transcript.server).toEqual({ name: 'digital-spiral-jira', version: '0.1.0' });
    expect((transcript.instances as { instances: Array<{ id: string }> }).instances.map((i) => i.id)).toEqual(
      [instanceId],
    );
    const first = transcript.firstPage as { issues: Array<{ key: string }>; next_cursor: string | null };
    const second = transcript.secondPage as { issues: Array<{ key: string }> };
    expect(first.issues).toHaveLength(7);
    expect(first.next_cursor).toEqual(expect.any(String));
    expect(second.issues.length).toBeGreaterThan(0);
    // Pages do not overlap.
    const firstKeys = new Set(first.issues.map((i) => i.key));
    expect(second.issues.filter((i) => firstKeys.has(i.key))).toEqual([]);
    expect(transcript.unknownIssue).toMatchObject({ error: { code: 'not_found', request_id: '-' } });
  });

  it('answers the same over Streamable HTTP and SSE', async () => {
    const ctx = await openContext();
    const app = await buildMcpJiraApp(ctx);
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const foreignCursor = cursorOf(transcripts.get('stdio'));
      transcripts.set(
        'streamable-http',
        await converse(
          new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
            requestInit: { headers: bearer(token) },
          }),
          foreignCursor,
        ),
      );
      transcripts.set(
        'sse',
        await converse(
          new SSEClientTransport(new URL(`${base}/sse`), {
            requestInit: { headers: bearer(token) },
            eventSourceInit: {
              fetch: (url, init) =>
                fetch(url, {
                  ...init,
                  headers: { ...(init?.headers as Record<string, string>), ...bearer(token) },
                }),
            },
          }),
          foreignCursor,
        ),
      );
    } finally {
      await app.close();
      await ctx.close();
    }
    const stdio = transcripts.get('stdio');
    if (stdio === undefined) throw new Error('the stdio conversation did not run');
    const { secondPageByForeignCursor: _none, ...expected } = stdio;
    for (const name of ['streamable-http', 'sse'] as const) {
      const { secondPageByForeignCursor, ...answered } = transcripts.get(name) ?? ({} as Transcript);
      expect({ transport: name, ...answered }).toEqual({ transport: name, ...expected });
      // A cursor handed out on one transport continues the search on another.
      expect(secondPageByForeignCursor).toEqual(stdio.secondPage);
    }
    expect(logs.lines.filter((line) => /"level":"(error|fatal)"/.test(line))).toEqual([]);
  });
});

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/http/build-app.ts';
import { registerMcp } from '../../src/mcp/mcp-plugin.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';
import { testSpec } from './test-tools.ts';

type Caller = Awaited<ReturnType<typeof tenantWithToken>>;

describe('MCP transports (Streamable HTTP, SSE, REST fallback)', () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  let reader: Caller;
  let writer: Caller;
  let other: Caller;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    app = await buildHttpApp('mcp-jira', t.ctx, (a) => registerMcp(a, t.ctx, testSpec));
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    reader = await tenantWithToken(t.ctx, 'acme', ['read']);
    writer = await tenantWithToken(t.ctx, 'globex', ['write']);
    other = await tenantWithToken(t.ctx, 'initech', ['read']);
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await app.close();
    await t.ctx.close();
  });

  async function streamable(
    token: string,
    query = '',
  ): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp${query}`), {
      requestInit: { headers: bearer(token) },
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return { client, transport };
  }

  const errorOf = (result: unknown): Record<string, unknown> => {
    const content = (result as { content?: Array<{ text?: string }> }).content;
    return (JSON.parse(content?.[0]?.text ?? '{}') as { error: Record<string, unknown> }).error;
  };

  it('lists only the tools the token’s scopes allow, with schemas and annotations', async () => {
    const { client } = await streamable(reader.token);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['echo_text', 'explode', 'fail_conflict']);
    const echo = tools.find((tool) => tool.name === 'echo_text');
    expect(echo?.annotations).toEqual({
      title: 'Echo',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(echo?.inputSchema).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string', maxLength: 100 } },
    });
    expect(echo?.outputSchema).toMatchObject({
      type: 'object',
      properties: { tenant_id: { type: 'string' } },
    });
    const { tools: writerTools } = await (await streamable(writer.token)).client.listTools();
    expect(writerTools.map((tool) => tool.name)).toContain('write_note');
  });

  it('calls a tool with the caller’s tenant and returns structured content', async () => {
    const { client } = await streamable(reader.token);
    const result = await client.callTool({ name: 'echo_text', arguments: { text: 'hi' } });
    expect(result.structuredContent).toEqual({ text: 'hi', tenant_id: reader.tenantId });
    expect(result.isError).toBeUndefined();
  });

  it('answers bad arguments, typed failures and internal failures as typed tool errors', async () => {
    const { client } = await streamable(reader.token);
    const bad = await client.callTool({
      name: 'echo_text',
      arguments: { text: 'x'.repeat(101), tenant_id: 'other' },
    });
    expect(bad.isError).toBe(true);
    expect(errorOf(bad)).toMatchObject({ code: 'validation_error', request_id: expect.any(String) });
    expect(JSON.stringify(errorOf(bad).details)).toContain('text');

    const conflict = await client.callTool({ name: 'fail_conflict', arguments: {} });
    expect(errorOf(conflict)).toEqual({
      code: 'conflict',
      message: 'someone else changed it',
      details: { version: 3 },
      retry_after: 2,
      request_id: expect.any(String),
    });

    const internal = await client.callTool({ name: 'explode', arguments: {} });
    expect(errorOf(internal)).toEqual({
      code: 'internal',
      message: 'internal error',
      request_id: expect.any(String),
    });
    expect(JSON.stringify(internal)).not.toContain('hunter2');
    expect(t.logs.text()).toContain('tool failed');
  });

  it('makes an unknown or hidden tool a protocol error', async () => {
    const { client } = await streamable(reader.token);
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toMatchObject({
      code: -32602,
    });
    await expect(client.callTool({ name: 'write_note', arguments: { note: 'x' } })).rejects.toMatchObject({
      code: -32602,
    });
  });

  it('narrows a session to ?tools= and refuses unknown names', async () => {
    const { client } = await streamable(reader.token, '?tools=echo_text');
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['echo_text']);
    await expect(streamable(reader.token, '?tools=echo_text,nope')).rejects.toThrow();
  });

  it('binds a session to its token: another tenant’s token with the same session id is not found', async () => {
    const { transport } = await streamable(reader.token);
    const sessionId = transport.sessionId ?? '';
    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        ...bearer(other.token),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': sessionId,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32001, message: 'Session not found' },
      id: null,
    });
  });

  it('cleans a session up when the client closes it', async () => {
    const { client, transport } = await streamable(reader.token);
    const sessionId = transport.sessionId ?? '';
    await transport.terminateSession();
    await client.close();
    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        ...bearer(reader.token),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': sessionId,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
  });

  it('refuses a bad token (401) and a foreign origin (403) on /mcp', async () => {
    for (const [headers, status] of [
      [{ authorization: 'Bearer nope' }, 401],
      [{ origin: 'http://evil.example' }, 403],
    ] as const) {
      const res = await fetch(`${base}/mcp`, {
        method: 'POST',
        headers: {
          ...bearer(reader.token),
          ...headers,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
      });
      expect(res.status).toBe(status);
    }
  });

  it('answers 401 with WWW-Authenticate without a token, and accepts loopback and allowlisted origins', async () => {
    const anonymous = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="digital-spiral"');
    for (const origin of ['http://localhost:6274', 'https://assistant.example.com']) {
      const res = await fetch(`${base}/tools`, { headers: { ...bearer(reader.token), origin } });
      expect(res.status).toBe(200);
    }
  });

  it('refuses messages without a session and malformed JSON-RPC with typed errors', async () => {
    const headers = {
      ...bearer(reader.token),
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const noSession = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(noSession.status).toBe(400);
    const malformed = await fetch(`${base}/mcp`, { method: 'POST', headers, body: '{"jsonrpc":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'validation_error' } });
  });

  it('serves the older HTTP+SSE transport', async () => {
    const transport = new SSEClientTransport(new URL(`${base}/sse`), {
      requestInit: { headers: bearer(reader.token) },
      eventSourceInit: {
        fetch: (url, init) =>
          fetch(url, {
            ...init,
            headers: { ...(init?.headers as Record<string, string>), ...bearer(reader.token) },
          }),
      },
    });
    const client = new Client({ name: 'sse-test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('echo_text');
    const result = await client.callTool({ name: 'echo_text', arguments: { text: 'over sse' } });
    expect(result.structuredContent).toEqual({ text: 'over sse', tenant_id: reader.tenantId });
    // A second stream of our own, read by hand, to learn a live session id.
    const stream = await fetch(`${base}/sse`, { headers: bearer(reader.token) });
    const reader_ = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader_.read()).value);
    const endpoint = /data: (\S+)/.exec(first)?.[1] ?? '';
    expect(endpoint).toMatch(/^\/messages\?sessionId=[0-9a-f-]{36}$/);
    const foreign = await fetch(`${base}${endpoint}`, {
      method: 'POST',
      headers: { ...bearer(other.token), 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    await reader_.cancel();
    expect(foreign.status).toBe(404);
  });

  it('serves the REST fallback, with dotted aliases and typed errors', async () => {
    const listed = await app.inject({ url: '/tools', headers: bearer(reader.token) });
    expect(
      listed
        .json<{ tools: Array<{ name: string }> }>()
        .tools.map((tool) => tool.name)
        .sort(),
    ).toEqual(['echo_text', 'explode', 'fail_conflict']);
    for (const name of ['echo_text', 'test.echo']) {
      const res = await app.inject({
        method: 'POST',
        url: '/tools/invoke',
        headers: bearer(reader.token),
        payload: { name, arguments: { text: 'rest' } },
      });
      expect([res.statusCode, res.json()]).toEqual([200, { text: 'rest', tenant_id: reader.tenantId }]);
    }
    const unknown = await app.inject({
      method: 'POST',
      url: '/tools/invoke',
      headers: bearer(reader.token),
      payload: { name: 'write_note', arguments: {} },
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'not_found']);
    const conflict = await app.inject({
      method: 'POST',
      url: '/tools/invoke',
      headers: bearer(reader.token),
      payload: { name: 'fail_conflict' },
    });
    expect([conflict.statusCode, conflict.headers['retry-after'], conflict.json().error.code]).toEqual([
      409,
      '2',
      'conflict',
    ]);
    const bad = await app.inject({
      method: 'POST',
      url: '/tools/invoke',
      headers: bearer(reader.token),
      payload: { name: 'echo_text', arguments: { text: 5 } },
    });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'validation_error']);
  });

  it('counts calls by tool and outcome', async () => {
    const text = (await app.inject('/metrics')).body;
    expect(text).toMatch(/mcp_tool_calls_total\{tool="echo_text",status="ok"\} [1-9]/);
    expect(text).toMatch(/mcp_tool_calls_total\{tool="fail_conflict",status="conflict"\} [1-9]/);
    expect(text).toMatch(/mcp_tool_duration_seconds_count\{tool="echo_text"\} [1-9]/);
  });
});

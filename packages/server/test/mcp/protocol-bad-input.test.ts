import { createJiraService, startSandbox, type Sandbox } from '@digital-spiral/sandbox';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/errors/app-error.ts';
import type { McpServerSpec } from '../../src/mcp/create-mcp-server.ts';
import type { AnyTool } from '../../src/mcp/tool-definition.ts';
import type { AppContext } from '../../src/runtime/app-context.ts';
import { buildApiApp } from '../../src/servers/api/api-app.ts';
import { buildMcpJiraApp } from '../../src/servers/mcp-jira/mcp-jira-app.ts';
import { mcpJiraSpec } from '../../src/servers/mcp-jira/mcp-jira-spec.ts';
import { buildMcpSqlApp } from '../../src/servers/mcp-sql/mcp-sql-app.ts';
import { mcpSqlSpec } from '../../src/servers/mcp-sql/mcp-sql-spec.ts';
import { issueApiToken } from '../../src/services/api-tokens.ts';
import { instanceBody, SANDBOX_NOW } from '../helpers/sync-harness.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';

/**
 * Issue #5's bad input, sent as raw HTTP to both real MCP servers: every answer is a typed HTTP error
 * (`{ error: { code, message, request_id } }`) or a JSON-RPC error object, never a 5xx; sessions stay bound
 * to their token; and afterwards the servers still serve and nothing was written.
 */

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

const RPC_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** The JSON-RPC messages of an answer: its JSON body, or the `data:` lines of its event stream. */
function messagesOf(answer: Answer): unknown[] {
  if (answer.headers.get('content-type')?.startsWith('text/event-stream')) {
    return answer.text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as unknown);
  }
  return [JSON.parse(answer.text) as unknown];
}

function expectTypedError(answer: Answer, status: number, code: ErrorCode): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatchObject({ code, message: expect.any(String), request_id: expect.any(String) });
  expect(
    Object.keys(body.error).every((k) =>
      ['code', 'message', 'details', 'retry_after', 'request_id'].includes(k),
    ),
  ).toBe(true);
}

/** A JSON-RPC error answer of the transport itself (no id: the request was not understood). */
function expectRpcError(answer: Answer, status: number, code: number): void {
  expect(answer.status, answer.text).toBe(status);
  expect(JSON.parse(answer.text)).toEqual({
    jsonrpc: '2.0',
    error: { code, message: expect.any(String) },
    id: null,
  });
}

/** The tool error inside an `isError` tool result. */
function toolErrorOf(result: unknown): Record<string, unknown> {
  const r = result as { isError?: boolean; content?: Array<{ text?: string }> };
  expect(r.isError).toBe(true);
  return (JSON.parse(r.content?.[0]?.text ?? '{}') as { error: Record<string, unknown> }).error;
}

/** A tool the caller can call with no arguments and expect an answer (for "still serving" checks). */
function argumentFreeReadTool(tools: readonly AnyTool[]): AnyTool | undefined {
  const preferred = tools.find((t) => t.name === 'jira_list_instances');
  if (preferred !== undefined) return preferred;
  return tools.find((t) => t.scope === 'read' && t.annotations.readOnlyHint && t.input.safeParse({}).success);
}

const servers = [
  { name: 'jira', build: buildMcpJiraApp, spec: mcpJiraSpec },
  { name: 'sql', build: buildMcpSqlApp, spec: mcpSqlSpec },
] as const;

describe('MCP servers refuse bad input (issue #5)', () => {
  let t: TestContext;
  let sandbox: Sandbox;
  let api: FastifyInstance;
  let acmeId: string;
  let reader: string;
  let writer: string;
  let readerSibling: string;
  let foreign: string;
  let foreignTenantId: string;
  let auditBefore: number;
  let sandboxBefore: Record<string, number>;
  /** Every HTTP answer the test received, to check that none was a 5xx. */
  const answers: Array<{ what: string; status: number }> = [];

  async function auditRows(ctx: AppContext): Promise<number> {
    const { rows } = await sql<{ n: string }>`select count(*) as n from audit_log`.execute(ctx.db.owner);
    return Number(rows[0]?.n);
  }

  beforeAll(async () => {
    sandbox = await startSandbox(
      {
        now: SANDBOX_NOW,
        jira: { port: 0, size: 40 },
        github: { enabled: false },
        asana: { enabled: false },
        linear: { enabled: false },
      },
      { factories: { jira: createJiraService } },
    );
    t = await createTestContext();
    api = await buildApiApp(t.ctx);
    const admin = await tenantWithToken(t.ctx, 'acme', ['admin']);
    acmeId = admin.tenantId;
    const created = await api.inject({
      method: 'POST',
      url: '/api/v1/instances',
      headers: bearer(admin.token),
      payload: instanceBody(sandbox, 'jira', 'jira'),
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = async (scopes: Array<'read' | 'write'>, name: string): Promise<string> =>
      (await issueApiToken(t.ctx.db.runtime, acmeId, { name, scopes })).token;
    reader = await token(['read'], 'reader');
    readerSibling = await token(['read'], 'reader-2');
    writer = await token(['read', 'write'], 'writer');
    ({ token: foreign, tenantId: foreignTenantId } = await tenantWithToken(t.ctx, 'globex', [
      'read',
      'write',
    ]));
    auditBefore = await auditRows(t.ctx);
    sandboxBefore = sandbox.services.jira?.service.stats() ?? {};
  });

  afterAll(async () => {
    await api?.close();
    await t?.ctx.close();
    await sandbox?.close();
  });

  describe.each(servers)('MCP $name', ({ name, build, spec: specOf }) => {
    let app: FastifyInstance;
    let base: string;
    let spec: McpServerSpec;

    beforeAll(async () => {
      app = await build(t.ctx);
      base = await app.listen({ host: '127.0.0.1', port: 0 });
      spec = specOf(t.ctx);
    });
    afterAll(async () => {
      await app?.close();
      // A spec may hold what its tools opened (MCP Jira: one adapter per instance in use).
      await spec?.close?.();
    });

    async function send(
      method: string,
      path: string,
      options: { token?: string | undefined; headers?: Record<string, string>; body?: string } = {},
    ): Promise<Answer> {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(options.token === undefined ? {} : bearer(options.token)),
          // A content type without a body is itself refused (empty JSON body), so only with one.
          ...(options.body === undefined ? { accept: RPC_HEADERS.accept } : RPC_HEADERS),
          ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: options.body }),
      });
      const answer = { status: res.status, headers: res.headers, text: await res.text() };
      answers.push({
        what: `${name} ${method} ${path} ${options.body?.slice(0, 80) ?? ''}`,
        status: answer.status,
      });
      return answer;
    }

    const rpc = (id: number, method: string, params?: unknown): string =>
      JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    const initialize = (protocolVersion: unknown = LATEST_PROTOCOL_VERSION): string =>
      rpc(0, 'initialize', {
        protocolVersion,
        capabilities: {},
        clientInfo: { name: 'bad-input', version: '1' },
      });

    /** Opens a Streamable HTTP session by hand; returns its id. */
    async function openSession(token: string): Promise<string> {
      const init = await send('POST', '/mcp', { token, body: initialize() });
      expect(init.status, init.text).toBe(200);
      const id = init.headers.get('mcp-session-id') ?? '';
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const ack = await send('POST', '/mcp', {
        token,
        headers: { 'mcp-session-id': id },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      });
      expect(ack.status).toBe(202);
      return id;
    }

    /** One request over a session; returns its single JSON-RPC answer. */
    async function call(token: string, session: string, body: string): Promise<Record<string, unknown>> {
      const answer = await send('POST', '/mcp', { token, headers: { 'mcp-session-id': session }, body });
      expect(answer.status, answer.text).toBe(200);
      const messages = messagesOf(answer);
      expect(messages).toHaveLength(1);
      return messages[0] as Record<string, unknown>;
    }

    /** Opens an SSE session by hand; returns its message endpoint and a way to read and close the stream. */
    async function openSse(token: string): Promise<{
      endpoint: string;
      next(): Promise<Record<string, unknown>>;
      close(): Promise<void>;
    }> {
      const res = await fetch(`${base}/sse`, { headers: bearer(token) });
      expect(res.status).toBe(200);
      const stream = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const event = async (): Promise<string> => {
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const raw = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = raw
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6));
            if (data.length > 0) return data.join('\n');
            continue;
          }
          const { value, done } = await stream.read();
          if (done) throw new Error('SSE stream ended');
          buffer += decoder.decode(value, { stream: true });
        }
      };
      const endpoint = await event();
      expect(endpoint).toMatch(/^\/messages\?sessionId=[0-9a-f-]{36}$/);
      return {
        endpoint,
        next: async () => JSON.parse(await event()) as Record<string, unknown>,
        close: () => stream.cancel(),
      };
    }

    it('answers malformed JSON-RPC without a session with typed or JSON-RPC errors', async () => {
      expectTypedError(
        await send('POST', '/mcp', { token: reader, body: '{"jsonrpc":' }),
        400,
        'validation_error',
      );
      expectTypedError(await send('POST', '/mcp', { token: reader, body: '' }), 400, 'validation_error');
      expectTypedError(
        await send('POST', '/mcp', {
          token: reader,
          body: 'jsonrpc=2.0',
          headers: { 'content-type': 'text/plain' },
        }),
        415,
        'validation_error',
      );
      expectRpcError(await send('POST', '/mcp', { token: reader, body: '[]' }), 400, -32600);
      for (const body of [
        '42',
        '"initialize"',
        'null',
        'true',
        '[1,2,3]',
        '[{"jsonrpc":"2.0","id":1,"method":"initialize"}]',
        '{}',
        '{"id":1}',
        '{"jsonrpc":"2.0","id":1}',
        '{"id":1,"method":"initialize","params":{}}',
        '{"jsonrpc":"1.0","id":1,"method":"initialize","params":{}}',
        rpc(1, 'tools/list'),
        rpc(1, 'no/such/method'),
      ]) {
        expectRpcError(await send('POST', '/mcp', { token: reader, body }), 400, -32000);
      }
    });

    it('answers malformed JSON-RPC inside a session with JSON-RPC errors, and unknown methods with -32601', async () => {
      const session = await openSession(reader);
      const headers = { 'mcp-session-id': session };
      expectTypedError(
        await send('POST', '/mcp', { token: reader, headers, body: '{"jsonrpc":' }),
        400,
        'validation_error',
      );
      expectRpcError(await send('POST', '/mcp', { token: reader, headers, body: '[]' }), 400, -32600);
      for (const body of [
        '42',
        '"x"',
        'null',
        '[1,2,3]',
        '[null]',
        '{}',
        '{"id":1}',
        '{"jsonrpc":"2.0","id":1}',
        '{"jsonrpc":"1.0","id":1,"method":"ping"}',
        '{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}',
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"x"}',
      ]) {
        expectRpcError(await send('POST', '/mcp', { token: reader, headers, body }), 400, -32700);
      }
      for (const method of [
        'no/such/method',
        'tools/destroy',
        'resources/read',
        '__proto__',
        'x'.repeat(1000),
      ]) {
        expect(await call(reader, session, rpc(7, method, {}))).toEqual({
          jsonrpc: '2.0',
          id: 7,
          error: { code: -32601, message: 'Method not found' },
        });
      }
      // A second initialize on a live session is refused; the session survives it.
      expectRpcError(await send('POST', '/mcp', { token: reader, headers, body: initialize() }), 400, -32600);
      expect(await call(reader, session, rpc(8, 'ping'))).toEqual({ jsonrpc: '2.0', id: 8, result: {} });
    });

    it('negotiates an unsupported protocol version in initialize and refuses one in the header', async () => {
      for (const version of ['1999-01-01', '2099-12-31', 'latest', '']) {
        const init = await send('POST', '/mcp', { token: reader, body: initialize(version) });
        expect(init.status, init.text).toBe(200);
        const [message] = messagesOf(init) as Array<{ result: { protocolVersion: string } }>;
        // The spec's answer to a version the server does not speak: its own latest one.
        expect(message?.result.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
        const id = init.headers.get('mcp-session-id') ?? '';
        await send('DELETE', '/mcp', { token: reader, headers: { 'mcp-session-id': id } });
      }
      // A version that is not even a string is not an initialize request.
      for (const version of [42, null, { v: 1 }]) {
        expectRpcError(await send('POST', '/mcp', { token: reader, body: initialize(version) }), 400, -32000);
      }
      const session = await openSession(reader);
      for (const header of ['1999-01-01', 'bogus', '2025-06-18, 2025-03-26', 'x'.repeat(500)]) {
        const answer = await send('POST', '/mcp', {
          token: reader,
          headers: { 'mcp-session-id': session, 'mcp-protocol-version': header },
          body: rpc(3, 'ping'),
        });
        expectRpcError(answer, 400, -32000);
        expect(answer.text).toContain('Unsupported protocol version');
      }
      for (const version of SUPPORTED_PROTOCOL_VERSIONS.slice(0, 3)) {
        const answer = await send('POST', '/mcp', {
          token: reader,
          headers: { 'mcp-session-id': session, 'mcp-protocol-version': version },
          body: rpc(4, 'ping'),
        });
        expect(messagesOf(answer)).toEqual([{ jsonrpc: '2.0', id: 4, result: {} }]);
      }
    });

    it('refuses messages over the body limit with a typed 413 on every transport', async () => {
      const limit = t.ctx.config.http.bodyLimitBytes;
      const huge = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: spec.tools[0]?.name ?? 'x', arguments: { q: 'x'.repeat(limit + 1) } },
      });
      const session = await openSession(reader);
      expectTypedError(await send('POST', '/mcp', { token: reader, body: huge }), 413, 'validation_error');
      expectTypedError(
        await send('POST', '/mcp', { token: reader, headers: { 'mcp-session-id': session }, body: huge }),
        413,
        'validation_error',
      );
      const sse = await openSse(reader);
      expectTypedError(
        await send('POST', sse.endpoint, { token: reader, body: huge }),
        413,
        'validation_error',
      );
      await sse.close();
      const invoke = JSON.stringify({
        name: spec.tools[0]?.name ?? 'x',
        arguments: { q: 'x'.repeat(limit + 1) },
      });
      expectTypedError(
        await send('POST', '/tools/invoke', { token: reader, body: invoke }),
        413,
        'validation_error',
      );
      // Deeply nested JSON within the limit is parsed or refused, never a crash.
      const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const answer = await send('POST', '/mcp', {
        token: reader,
        headers: { 'mcp-session-id': session },
        body: nested,
      });
      expect(answer.status).toBe(400);
    });

    it('refuses a missing session id, and an unknown or foreign one, without data', async () => {
      const notFound = { jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null };
      expectRpcError(await send('POST', '/mcp', { token: reader, body: rpc(1, 'tools/list') }), 400, -32000);
      expectRpcError(await send('GET', '/mcp', { token: reader }), 400, -32000);
      expectRpcError(await send('DELETE', '/mcp', { token: reader }), 400, -32000);
      expectTypedError(
        await send('POST', '/messages', { token: reader, body: rpc(1, 'ping') }),
        400,
        'validation_error',
      );
      expectTypedError(
        await send('POST', `/messages?sessionId=${'x'.repeat(200)}`, { token: reader, body: rpc(1, 'ping') }),
        400,
        'validation_error',
      );

      const session = await openSession(reader);
      const sse = await openSse(reader);
      for (const [who, token] of [
        ['another tenant', foreign],
        ['another token of the same tenant', readerSibling],
      ] as const) {
        for (const id of [session, '00000000-0000-0000-0000-000000000000', 'nope', session.toUpperCase()]) {
          const headers = { 'mcp-session-id': id };
          for (const [method, body] of [
            ['POST', rpc(1, 'tools/list')],
            ['POST', initialize()],
            ['GET', undefined],
            ['DELETE', undefined],
          ] as const) {
            const answer = await send(method, '/mcp', {
              token,
              headers,
              ...(body === undefined ? {} : { body }),
            });
            expect([who, answer.status, JSON.parse(answer.text)]).toEqual([who, 404, notFound]);
          }
        }
        const posted = await send('POST', sse.endpoint, { token, body: rpc(1, 'tools/list') });
        expect([who, posted.status, JSON.parse(posted.text)]).toEqual([who, 404, notFound]);
      }
      // The owner's sessions survived every attempt, the foreign DELETE included.
      expect(await call(reader, session, rpc(2, 'ping'))).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
      const accepted = await send('POST', sse.endpoint, { token: reader, body: rpc(3, 'ping') });
      expect(accepted.status).toBe(202);
      expect(await sse.next()).toEqual({ jsonrpc: '2.0', id: 3, result: {} });
      await sse.close();
    });

    it('refuses a closed session on Streamable HTTP and SSE', async () => {
      const session = await openSession(reader);
      const headers = { 'mcp-session-id': session };
      expect((await send('DELETE', '/mcp', { token: reader, headers })).status).toBe(200);
      for (const [method, body] of [
        ['POST', rpc(1, 'tools/list')],
        ['GET', undefined],
        ['DELETE', undefined],
      ] as const) {
        expectRpcError(
          await send(method, '/mcp', { token: reader, headers, ...(body === undefined ? {} : { body }) }),
          404,
          -32001,
        );
      }
      const sse = await openSse(reader);
      await sse.close();
      await expect
        .poll(async () => (await send('POST', sse.endpoint, { token: reader, body: rpc(1, 'ping') })).status)
        .toBe(404);
    });

    it('answers malformed JSON-RPC on the SSE transport with JSON-RPC errors', async () => {
      const sse = await openSse(reader);
      expectTypedError(
        await send('POST', sse.endpoint, { token: reader, body: '{"jsonrpc":' }),
        400,
        'validation_error',
      );
      for (const body of [
        'null',
        '42',
        '[]',
        '[1,2]',
        '{}',
        '{"id":1}',
        '{"jsonrpc":"1.0","id":1,"method":"x"}',
      ]) {
        const answer = await send('POST', sse.endpoint, { token: reader, body });
        expectRpcError(answer, 400, -32700);
      }
      expect(
        (await send('POST', sse.endpoint, { token: reader, body: initialize('1999-01-01') })).status,
      ).toBe(202);
      expect(await sse.next()).toMatchObject({ id: 0, result: { protocolVersion: LATEST_PROTOCOL_VERSION } });
      expect(
        (await send('POST', sse.endpoint, { token: reader, body: rpc(5, 'no/such/method') })).status,
      ).toBe(202);
      expect(await sse.next()).toEqual({
        jsonrpc: '2.0',
        id: 5,
        error: { code: -32601, message: 'Method not found' },
      });
      expect(
        (
          await send('POST', sse.endpoint, {
            token: reader,
            body: rpc(6, 'tools/call', { name: 'no_such_tool' }),
          })
        ).status,
      ).toBe(202);
      expect(await sse.next()).toMatchObject({
        id: 6,
        error: { code: spec.tools.length > 0 ? -32602 : -32601 },
      });
      await sse.close();
    });

    it('makes an unknown tool a protocol error over MCP and a typed error over REST', async () => {
      const session = await openSession(writer);
      const unknownCode = spec.tools.length > 0 ? -32602 : -32601;
      for (const toolName of [
        'no_such_tool',
        'jira.no_such',
        '',
        ' ',
        '../etc/passwd',
        'x'.repeat(300),
        '__proto__',
      ]) {
        const answer = await call(writer, session, rpc(1, 'tools/call', { name: toolName, arguments: {} }));
        expect(answer).toMatchObject({ jsonrpc: '2.0', id: 1, error: { code: unknownCode } });
      }
      for (const toolName of ['no_such_tool', 'jira.no_such', '__proto__', 'constructor', 'toString']) {
        const answer = await send('POST', '/tools/invoke', {
          token: writer,
          body: JSON.stringify({ name: toolName, arguments: {} }),
        });
        expectTypedError(answer, 404, 'not_found');
      }
      for (const body of [
        { name: '' },
        { name: 'x'.repeat(200) },
        { name: 5 },
        { name: null },
        { arguments: {} },
        { name: spec.tools[0]?.name ?? 'x', arguments: [] },
        { name: spec.tools[0]?.name ?? 'x', arguments: 'x' },
        { name: spec.tools[0]?.name ?? 'x', extra: 1 },
        [],
        'x',
      ]) {
        expectTypedError(
          await send('POST', '/tools/invoke', { token: writer, body: JSON.stringify(body) }),
          400,
          'validation_error',
        );
      }
      // A write tool is hidden from a read-only token: unknown to it, on both transports.
      const write = spec.tools.find((tool) => tool.scope === 'write');
      if (write !== undefined) {
        const readerSession = await openSession(reader);
        expect(
          await call(reader, readerSession, rpc(2, 'tools/call', { name: write.name, arguments: {} })),
        ).toMatchObject({
          error: { code: -32602 },
        });
        expectTypedError(
          await send('POST', '/tools/invoke', {
            token: reader,
            body: JSON.stringify({ name: write.name, arguments: {} }),
          }),
          404,
          'not_found',
        );
      }
    });

    it('answers arguments of the wrong type or size as typed validation errors on every tool', async () => {
      const session = await openSession(writer);
      // The call itself malformed: a protocol error (-32602), never an internal one.
      for (const params of [
        { name: 5 },
        { name: spec.tools[0]?.name ?? 'x', arguments: 'x' },
        { name: spec.tools[0]?.name ?? 'x', arguments: [1] },
        { name: spec.tools[0]?.name ?? 'x', arguments: null },
        undefined,
      ]) {
        const answer = await call(writer, session, rpc(1, 'tools/call', params));
        expect(answer).toMatchObject({
          jsonrpc: '2.0',
          id: 1,
          error: { code: spec.tools.length > 0 ? -32602 : -32601 },
        });
      }
      // Unknown keys are refused by the strict schemas; a tenant_id (accepted by MCP SQL for clients that
      // always send one) naming another tenant is refused too.
      const bad: Array<[Record<string, unknown>, ErrorCode[]]> = [
        [{ zz_unknown_key: 1 }, ['validation_error']],
        [{ zz_unknown_key: 'x'.repeat(40_000) }, ['validation_error']],
        [{ tenant_id: foreignTenantId }, ['validation_error', 'forbidden']],
      ];
      for (const tool of spec.tools) {
        for (const [args, codes] of bad) {
          const answer = await call(
            writer,
            session,
            rpc(2, 'tools/call', { name: tool.name, arguments: args }),
          );
          const error = toolErrorOf(answer.result);
          expect([tool.name, codes.includes(error.code as ErrorCode), error.request_id]).toEqual([
            tool.name,
            true,
            expect.any(String),
          ]);
          const rest = await send('POST', '/tools/invoke', {
            token: writer,
            body: JSON.stringify({ name: tool.name, arguments: args }),
          });
          expectTypedError(
            rest,
            rest.status === 403 ? 403 : 400,
            rest.status === 403 ? 'forbidden' : 'validation_error',
          );
          expect(codes).toContain(JSON.parse(rest.text).error.code);
        }
        // Every declared field given a value of the wrong type.
        const fields = Object.keys(tool.input.shape);
        // Long, yet the whole message stays under the body limit.
        const long = 'x'.repeat(
          Math.floor(t.ctx.config.http.bodyLimitBytes / (2 * Math.max(1, fields.length))),
        );
        for (const wrong of [12345, true, null, [], { nested: { deeper: [1, 'x'] } }, long]) {
          const args = Object.fromEntries(fields.map((f) => [f, wrong]));
          const answer = await call(
            writer,
            session,
            rpc(3, 'tools/call', { name: tool.name, arguments: args }),
          );
          const result = answer.result as { isError?: boolean };
          if (result.isError === true) {
            expect([tool.name, toolErrorOf(result).code]).toEqual([tool.name, 'validation_error']);
          }
        }
      }
    });

    it('answers 401 with WWW-Authenticate: Bearer without a token or with a bad one', async () => {
      const badTokens = [
        undefined,
        '',
        'Bearer',
        'Bearer ',
        'Bearer nope',
        `Bearer ${reader}x`,
        `Bearer ${reader.slice(0, -4)}`,
        `Bearer dst_${acmeId}.${'A'.repeat(43)}`,
        `Basic ${Buffer.from('a:b').toString('base64')}`,
        `bearer  ${'x'.repeat(4000)}`,
      ];
      const sse = await openSse(reader);
      const session = await openSession(reader);
      const routes: Array<[string, string, string | undefined]> = [
        ['POST', '/mcp', initialize()],
        ['POST', '/mcp', rpc(1, 'tools/list')],
        ['GET', '/mcp', undefined],
        ['DELETE', '/mcp', undefined],
        ['GET', '/sse', undefined],
        ['POST', sse.endpoint, rpc(1, 'tools/list')],
        ['GET', '/tools', undefined],
        ['POST', '/tools/invoke', JSON.stringify({ name: spec.tools[0]?.name ?? 'x', arguments: {} })],
      ];
      for (const authorization of badTokens) {
        for (const [method, path, body] of routes) {
          const answer = await send(method, path, {
            headers: { 'mcp-session-id': session, ...(authorization === undefined ? {} : { authorization }) },
            ...(body === undefined ? {} : { body }),
          });
          expectTypedError(answer, 401, 'unauthorized');
          expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="digital-spiral"$/);
          expect(answer.text).not.toContain(reader.slice(-12));
        }
      }
      // The live sessions are untouched.
      expect(await call(reader, session, rpc(2, 'ping'))).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
      await sse.close();
    });

    it('keeps serving afterwards: the SDK client lists and calls tools', async () => {
      const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: bearer(reader) },
      });
      const client = new Client({ name: 'after-bad-input', version: '1.0.0' });
      await client.connect(transport);
      try {
        expect(client.getServerVersion()?.name).toBe(spec.name);
        await client.ping();
        const visible = spec.tools.filter((tool) => tool.scope === 'read').map((tool) => tool.name);
        if (visible.length > 0) {
          expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(
            [...visible].sort(),
          );
        }
        const tool = argumentFreeReadTool(spec.tools);
        if (tool !== undefined) {
          const result = await client.callTool({ name: tool.name, arguments: {} });
          expect(result.isError, JSON.stringify(result)).toBeUndefined();
        }
        const rest = await send('GET', '/tools', { token: reader });
        expect(rest.status).toBe(200);
        expect((JSON.parse(rest.text) as { tools: unknown[] }).tools).toHaveLength(
          spec.tools.filter((x) => x.scope === 'read').length,
        );
      } finally {
        await transport.terminateSession().catch(() => undefined);
        await client.close();
      }
    });
  });

  it('answered no request with a 5xx, logged no internal failure and wrote nothing', async () => {
    expect(answers.length).toBeGreaterThan(100);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(t.logs.lines.filter((line) => /"msg":"(request failed|tool failed)"/.test(line))).toEqual([]);
    const toolCalls = t.logs.lines
      .map((line) => JSON.parse(line) as { msg?: string; status?: string })
      .filter((line) => line.msg === 'tool call');
    for (const { status } of toolCalls) {
      expect(['ok', ...ERROR_CODES.filter((code) => code !== 'internal')]).toContain(status);
    }
    expect(await auditRows(t.ctx)).toBe(auditBefore);
    expect(sandbox.services.jira?.service.stats()).toEqual(sandboxBefore);
  });
});

import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.ts';
import { BufferIo, cliEnvironment } from '../helpers/cli-env.ts';

const BIN = fileURLToPath(new URL('../../bin/digital-spiral.js', import.meta.url));

describe('digital-spiral mcp <server> over stdio', () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let token: string;

  beforeAll(async () => {
    ({ env, cleanup } = await cliEnvironment());
    expect(await runCli(['tenants', 'create', 'acme'], env, new BufferIo())).toBe(0);
    const io = new BufferIo();
    expect(await runCli(['tokens', 'create', '--tenant', 'acme', '--scopes', 'read'], env, io)).toBe(0);
    token = io.stdout.join('').trim();
  });
  afterAll(() => cleanup());

  it.each(['jira', 'sql'])('speaks MCP on stdio for %s with a valid token', async (server) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', server, '--token', token],
      env: { PATH: process.env.PATH ?? '', ...env },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    expect(client.getServerVersion()).toEqual({ name: `digital-spiral-${server}`, version: '0.1.0' });
    await client.close();
  });

  it('refuses a bad token with one line and a non-zero exit', async () => {
    const io = new BufferIo();
    expect(await runCli(['mcp', 'sql', '--token', 'nope'], env, io)).toBe(1);
    expect(io.stderr.join('')).toBe('error: invalid bearer token');
  });
});

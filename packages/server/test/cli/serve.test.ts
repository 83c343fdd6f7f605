import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment } from '../helpers/cli-env.ts';

const BIN = fileURLToPath(new URL('../../bin/digital-spiral.js', import.meta.url));

/** Starts `digital-spiral serve` as a user would and resolves once its banner is complete. */
function serve(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; banner: string; stdout: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT_API: '0',
      PORT_MCP_JIRA: '0',
      PORT_MCP_SQL: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in time:\n${stderr}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/Digital Spiral is up\.[\s\S]*Press Ctrl\+C to stop\.\n/.test(stderr)) {
        clearTimeout(timer);
        resolve({ child, banner: stderr, stdout: () => stdout });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('digital-spiral serve', () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ env, cleanup } = await cliEnvironment());
  });
  afterAll(() => cleanup());

  it('starts three healthy servers with a demo tenant, keeps the demo token across restarts, and stops on SIGTERM', async () => {
    const first = await serve([], { ...env, DS_DEMO: '1', LOG_LEVEL: 'info' });
    const urls = Object.fromEntries(
      [...first.banner.matchAll(/^ {2}(api|mcp-jira|mcp-sql)\s+(http:\/\/\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(urls).sort()).toEqual(['api', 'mcp-jira', 'mcp-sql']);
    for (const url of Object.values(urls)) {
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await fetch(`${url}/ready`)).status).toBe(200);
    }
    const token = /^ {2}(dst_\S+)$/m.exec(first.banner)?.[1];
    expect(token).toMatch(/^dst_/);
    const me = await fetch(`${urls.api}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({
      tenant: { slug: 'demo' },
      token: { scopes: ['read', 'write', 'admin'] },
    });
    expect(await stop(first.child)).toBe(0);
    // JSON logs on stdout, one object per line, none carrying the token.
    const lines = first.stdout().trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('level');
    expect(first.stdout()).not.toContain(token);

    const second = await serve(['--only', 'mcp-sql'], { ...env, DS_DEMO: '1' });
    expect(second.banner).toContain('mcp-sql');
    expect(second.banner).not.toMatch(/^ {2}api /m);
    expect(/^ {2}(dst_\S+)$/m.exec(second.banner)?.[1]).toBe(token);
    expect(await stop(second.child)).toBe(0);
  });
});

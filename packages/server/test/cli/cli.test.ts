import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.ts';
import { BufferIo, cliEnvironment } from '../helpers/cli-env.ts';

describe('digital-spiral CLI', () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ env, cleanup } = await cliEnvironment());
  });
  afterAll(() => cleanup());

  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = new BufferIo();
    const code = await runCli(argv, env, io);
    return { code, out: io.stdout.join(''), err: io.stderr.join('') };
  }

  it('migrates, then says the database is up to date', async () => {
    const first = await run('migrate');
    expect(first).toEqual({
      code: 0,
      out: expect.stringMatching(/^(applied migrations: 0001(, \d{4})*|database is up to date)$/),
      err: '',
    });
    expect(await run('migrate')).toEqual({ code: 0, out: 'database is up to date', err: '' });
  });

  it('creates a tenant once, and refuses a duplicate or a bad slug with one clear line', async () => {
    const created = await run('tenants', 'create', 'acme', '--name', 'Acme Corp');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^created tenant acme \([0-9a-f-]{36}\)$/);
    expect(await run('tenants', 'create', 'acme')).toEqual({
      code: 1,
      out: '',
      err: "error: a tenant with slug 'acme' already exists",
    });
    expect(await run('tenants', 'create', 'Bad Slug!')).toEqual({
      code: 64,
      out: '',
      err: 'error: slug: a slug is 2-63 lowercase letters, digits or dashes',
    });
    expect((await run('tenants', 'list')).out).toMatch(/^acme\t[0-9a-f-]{36}\tAcme Corp$/);
  });

  it('prints a token once, and revokes it by id', async () => {
    const created = await run('tokens', 'create', '--tenant', 'acme', '--scopes', 'read,write');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^dst_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    const id = /created token ([0-9a-f-]{36}) for tenant acme with scopes read,write/.exec(created.err)?.[1];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await run('tokens', 'revoke', id ?? '')).toEqual({
      code: 0,
      out: `revoked token ${id} of tenant acme`,
      err: '',
    });
    expect(await run('tokens', 'revoke', id ?? '')).toEqual({
      code: 1,
      out: '',
      err: `error: no active token ${id}`,
    });
  });

  it.each([
    [['tokens', 'create', '--tenant', 'nope'], 1, "error: unknown tenant 'nope'"],
    [
      ['tokens', 'create', '--tenant', 'acme', '--scopes', 'read,root'],
      64,
      'error: --scopes: Invalid option: expected one of "read"|"write"|"admin"',
    ],
    [['tokens', 'revoke', 'not-a-uuid'], 64, 'error: id: must be a token id (a UUID)'],
    [['serve', '--only', 'everything'], 64, 'error: --only must be one of api, mcp-jira, mcp-sql'],
  ])('refuses %j with exit %i', async (argv, code, message) => {
    expect(await run(...argv)).toEqual({ code, out: '', err: message });
  });

  it('reports configuration problems in one message, exit 78', async () => {
    const io = new BufferIo();
    const code = await runCli(
      ['migrate'],
      { ...env, PORT_API: 'abc', DATABASE_URL: 'mysql://u:pw@h/db' },
      io,
    );
    expect(code).toBe(78);
    expect(io.stderr.join('')).toMatch(
      /^error: Invalid configuration:\n {2}- DATABASE_URL: .*\n {2}- PORT_API: /,
    );
    expect(io.stderr.join('')).not.toContain(':pw@');
  });

  it('generates encryption keys and re-encrypts stored credentials', async () => {
    expect((await run('keys', 'generate')).out).toMatch(/^k\d{8}[0-9a-f]{4}:[A-Za-z0-9+/]{43}=$/);
    expect(await run('keys', 'reencrypt')).toEqual({
      code: 0,
      out: expect.stringMatching(
        /^re-encrypted 0 credential\(s\) with key k\d{8}[0-9a-f]{4}; 0 already current$/,
      ),
      err: '',
    });
  });

  it('has help everywhere and rejects unknown commands', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'tenants', 'tokens', 'keys'])
      expect(help.out).toContain(command);
    expect((await run('tokens', 'create', '--help')).out).toContain('--scopes <list>');
    expect((await run('frobnicate')).code).toBe(1);
  });
});

import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../../src/auth/api-token.ts';
import { authenticateBearer } from '../../src/auth/authenticate.ts';
import { forgetVerifiedToken, verifiedTokenKey } from '../../src/auth/verified-tokens.ts';
import { buildApiApp } from '../../src/servers/api/api-app.ts';
import { buildMcpSqlApp } from '../../src/servers/mcp-sql/mcp-sql-app.ts';
import { issueApiToken } from '../../src/services/api-tokens.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';

describe('verified tokens are remembered briefly and forgotten on revocation', () => {
  let t: TestContext;
  let api: FastifyInstance;
  let mcp: FastifyInstance;
  let admin: Awaited<ReturnType<typeof tenantWithToken>>;

  beforeAll(async () => {
    t = await createTestContext();
    api = await buildApiApp(t.ctx);
    mcp = await buildMcpSqlApp(t.ctx);
    admin = await tenantWithToken(t.ctx, 'acme', ['admin']);
  });
  afterAll(async () => {
    await mcp.close();
    await api.close();
    await t.ctx.close();
  });

  it('serves a remembered token without the database, and refuses it once forgotten', async () => {
    const { token, info } = await issueApiToken(t.ctx.db.runtime, admin.tenantId, {
      name: 'reader',
      scopes: ['read'],
    });
    expect((await mcp.inject({ method: 'GET', url: '/tools', headers: bearer(token) })).statusCode).toBe(200);
    expect(await t.ctx.kv.cache.get(verifiedTokenKey(hashApiToken(token)))).toBeDefined();

    // Revoked by other means than the API or CLI: the entry still serves until its TTL or a forget.
    await sql`update api_tokens set revoked_at = now() where id = ${info.id}`.execute(t.ctx.db.owner);
    expect((await mcp.inject({ method: 'GET', url: '/tools', headers: bearer(token) })).statusCode).toBe(200);

    await forgetVerifiedToken(t.ctx.kv.cache, admin.tenantId, info.id);
    expect((await mcp.inject({ method: 'GET', url: '/tools', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('refuses a token on every server of the process as soon as the API revokes it', async () => {
    const { token, info } = await issueApiToken(t.ctx.db.runtime, admin.tenantId, {
      name: 'assistant',
      scopes: ['read'],
    });
    expect((await mcp.inject({ method: 'GET', url: '/tools', headers: bearer(token) })).statusCode).toBe(200);
    const revoked = await api.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${info.id}`,
      headers: bearer(admin.token),
    });
    expect(revoked.statusCode).toBeLessThan(300);
    const after = await mcp.inject({ method: 'GET', url: '/tools', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json<{ error: { code: string } }>().error.code).toBe('unauthorized');
  });

  it('never remembers a token past its own expiry, nor a failed verification', async () => {
    const { token, info } = await issueApiToken(t.ctx.db.runtime, admin.tenantId, {
      name: 'short-lived',
      scopes: ['read'],
      expiresAt: new Date(Date.now() + 1500),
    });
    await authenticateBearer(t.ctx.db.runtime, `Bearer ${token}`, t.ctx.kv.cache);
    expect(await t.ctx.kv.cache.get(verifiedTokenKey(hashApiToken(token)))).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await expect(
      authenticateBearer(t.ctx.db.runtime, `Bearer ${token}`, t.ctx.kv.cache),
    ).rejects.toMatchObject({
      code: 'unauthorized',
    });

    expect(await t.ctx.kv.cache.get(verifiedTokenKey(hashApiToken(token)))).toBeUndefined();
    expect(info.expiresAt).not.toBeNull();

    const wrong = `${admin.token.slice(0, -4)}AAAA`;
    await expect(
      authenticateBearer(t.ctx.db.runtime, `Bearer ${wrong}`, t.ctx.kv.cache),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await t.ctx.kv.cache.get(verifiedTokenKey(hashApiToken(wrong)))).toBeUndefined();
  });
});

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiApp } from '../../src/servers/api/api-app.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';

describe('bearer authentication and scopes', () => {
  let t: TestContext;
  let app: FastifyInstance;
  let admin: Awaited<ReturnType<typeof tenantWithToken>>;
  let reader: Awaited<ReturnType<typeof tenantWithToken>>;

  beforeAll(async () => {
    t = await createTestContext();
    app = await buildApiApp(t.ctx);
    admin = await tenantWithToken(t.ctx, 'acme', ['admin']);
    reader = await tenantWithToken(t.ctx, 'globex', ['read']);
  });
  afterAll(async () => {
    await app.close();
    await t.ctx.close();
  });

  const expectUnauthorized = (res: LightMyRequestResponse) => {
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="digital-spiral"');
    const body = res.json<{ error: { code: string; request_id: string } }>();
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.request_id).toBe(res.headers['x-request-id']);
  };

  it('resolves tenant and scopes from a valid token', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(reader.token) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      tenant: { id: reader.tenantId, slug: 'globex', name: 'globex' },
      token: { id: reader.tokenId, scopes: ['read'] },
    });
  });

  it.each([
    ['no header', undefined],
    ['empty header', ''],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a token that is not ours', 'Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a well-formed token with a wrong secret', 'WRONG'],
    ['a token claiming an unknown tenant', 'UNKNOWN_TENANT'],
    ['an oversized header', `Bearer ${'x'.repeat(5000)}`],
  ])('answers 401 with WWW-Authenticate for %s', async (_name, header) => {
    let value = header;
    if (header === 'WRONG') value = `Bearer ${reader.token.slice(0, -4)}AAAA`;
    if (header === 'UNKNOWN_TENANT')
      value = `Bearer dst_AAAAAAAAAAAAAAAAAAAAAA.${reader.token.split('.')[1] ?? ''}`;
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: value === undefined ? {} : { authorization: value },
    });
    expectUnauthorized(res);
  });

  it('answers 403 when the token lacks the scope, naming the scope', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(reader.token) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      error: {
        code: 'forbidden',
        message: "this token lacks the 'admin' scope",
        details: { required_scope: 'admin' },
        request_id: res.headers['x-request-id'],
      },
    });
  });

  it('lets admin imply read, but not write', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(admin.token) });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ token: { scopes: string[] } }>().token.scopes).toEqual(['admin']);
  });

  it('creates a token shown once, and a revoked token stops working at once', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(admin.token),
      payload: { name: 'ci', scopes: ['read', 'read'] },
    });
    expect(created.statusCode).toBe(201);
    const { token, info } = created.json<{ token: string; info: { id: string; scopes: string[] } }>();
    expect(info.scopes).toEqual(['read']);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(
      200,
    );

    const listed = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(admin.token) });
    expect(JSON.stringify(listed.json())).not.toContain(token);
    expect(JSON.stringify(listed.json())).not.toContain(token.split('.')[1]);

    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${info.id}`,
      headers: bearer(admin.token),
    });
    expect(revoked.statusCode).toBe(204);
    expectUnauthorized(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) }));
  });

  it('answers another tenant’s token id exactly like an unknown one', async () => {
    const foreign = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${reader.tokenId}`,
      headers: bearer(admin.token),
    });
    const unknown = await app.inject({
      method: 'DELETE',
      url: '/api/v1/tokens/4b0d6a0e-1f0e-4c5e-9d55-3c2f1b0a9e77',
      headers: bearer(admin.token),
    });
    expect(foreign.statusCode).toBe(404);
    expect({ ...foreign.json<{ error: object }>().error, request_id: 'x' }).toEqual({
      ...unknown.json<{ error: object }>().error,
      request_id: 'x',
    });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(reader.token) })).statusCode,
    ).toBe(200);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { listApiTokens } from '../../src/repositories/api-tokens.ts';
import { buildApiApp } from '../../src/servers/api/api-app.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';

describe('bad input gets a typed 4xx and writes nothing', () => {
  let t: TestContext;
  let app: FastifyInstance;
  let admin: Awaited<ReturnType<typeof tenantWithToken>>;

  beforeAll(async () => {
    t = await createTestContext();
    app = await buildApiApp(t.ctx);
    admin = await tenantWithToken(t.ctx, 'acme', ['admin']);
  });
  afterAll(async () => {
    await app.close();
    await t.ctx.close();
  });

  const tokenCount = () =>
    withTenant(
      t.ctx.db.runtime,
      admin.tenantId,
      async (trx) => (await listApiTokens(trx, admin.tenantId)).length,
    );

  it.each([
    ['malformed JSON', 'application/json', '{"name": "x", "scopes": [', 400],
    ['an empty JSON body', 'application/json', '', 400],
    ['a wrong content type', 'text/plain', 'name=x', 415],
    ['form encoding', 'application/x-www-form-urlencoded', 'name=x&scopes=read', 415],
    [
      'an oversized body',
      'application/json',
      JSON.stringify({ name: 'x', scopes: ['read'], pad: 'y'.repeat(70_000) }),
      413,
    ],
    [
      'an unknown key',
      'application/json',
      JSON.stringify({ name: 'x', scopes: ['read'], tenant_id: 'other' }),
      400,
    ],
    ['an unknown scope', 'application/json', JSON.stringify({ name: 'x', scopes: ['root'] }), 400],
    ['a wrong type', 'application/json', JSON.stringify({ name: 42, scopes: 'read' }), 400],
    ['a NUL-free but empty name', 'application/json', JSON.stringify({ name: '   ', scopes: ['read'] }), 400],
  ])('%s', async (_name, contentType, payload, status) => {
    const before = await tokenCount();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { ...bearer(admin.token), 'content-type': contentType },
      payload,
    });
    expect(res.statusCode).toBe(status);
    const body = res.json<{ error: { code: string; message: string; request_id: string } }>();
    expect(body.error.code).toBe('validation_error');
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(body.error.request_id).toBe(res.headers['x-request-id']);
    expect(await tokenCount()).toBe(before);
  });

  it('names the invalid field of a validation error', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(admin.token),
      payload: { name: 'x', scopes: ['root'] },
    });
    const body = res.json<{ error: { details: { issues: Array<{ path: string }> } } }>();
    expect(body.error.details.issues.map((i) => i.path)).toEqual(['scopes.0']);
  });

  it('answers an unknown route with a typed 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'unknown route GET /api/v1/nope',
        request_id: res.headers['x-request-id'],
      },
    });
  });

  it('answers a bad UUID in the path with a typed 400', async () => {
    const res = await app.inject({
      method: 'DELETE',
      url: '/api/v1/tokens/not-a-uuid',
      headers: bearer(admin.token),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('validation_error');
  });

  it('echoes a sane incoming request id and replaces a hostile one', async () => {
    const kept = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'a b\u0000<script>' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

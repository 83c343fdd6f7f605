import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { buildApiApp } from '../../src/servers/api/api-app.ts';
import { openCredentials, reencryptAllCredentials, sealCredentials } from '../../src/services/credentials.ts';
import { buildKeyring, generateKeySpec } from '../../src/crypto/keyring.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';

/** Rule 16: a planted credential never appears in any response, log line or error of the run. */
describe('secrets stay secret', () => {
  const planted = `planted-${randomBytes(12).toString('hex')}`;
  let t: TestContext;
  let app: FastifyInstance;
  let admin: Awaited<ReturnType<typeof tenantWithToken>>;
  const seen: string[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    app = await buildApiApp(t.ctx);
    admin = await tenantWithToken(t.ctx, 'acme', ['admin']);
  });
  afterAll(async () => {
    await app.close();
    await t.ctx.close();
  });

  it('keeps it out of responses, logs and errors on every path it can take', async () => {
    const record = (res: { body: string; headers: Record<string, unknown> }) =>
      seen.push(res.body, JSON.stringify(res.headers));

    // As a bearer token, well-formed or not.
    record(await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${planted}` } }));
    record(
      await app.inject({
        url: '/api/v1/me',
        headers: { authorization: `Bearer dst_AAAAAAAAAAAAAAAAAAAAAA.${planted}` },
      }),
    );
    // In request bodies, under names a client might use.
    for (const key of ['password', 'api_token', 'secret', 'credentials']) {
      record(
        await app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: bearer(admin.token),
          payload: { name: 'x', scopes: ['read'], [key]: planted },
        }),
      );
    }
    record(
      await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: bearer(admin.token),
        payload: `{"name":"${planted}`,
      }),
    );

    // Stored encrypted, rotated, and read back with the wrong binding.
    const instanceId = '6f1c0f3e-8d2a-4c4e-b0a7-5b9f6c1d2e3f';
    await withTenant(t.ctx.db.runtime, admin.tenantId, (trx) =>
      trx
        .insertInto('source_instances')
        .values({
          tenant_id: admin.tenantId,
          id: instanceId,
          source_type: 'jira',
          name: 'jira',
          base_url: 'http://127.0.0.1:8070',
          auth_type: 'basic',
          credentials_encrypted: sealCredentials(t.ctx.keyring, admin.tenantId, instanceId, {
            api_token: planted,
          }),
          deleted_at: null,
        })
        .execute(),
    );
    const stored = await withTenant(t.ctx.db.runtime, admin.tenantId, (trx) =>
      trx.selectFrom('source_instances').select('credentials_encrypted').executeTakeFirstOrThrow(),
    );
    expect(stored.credentials_encrypted).not.toContain(planted);
    const rotated = buildKeyring(generateKeySpec(), [t.keySpec]);
    expect(await reencryptAllCredentials(t.ctx.db, rotated)).toEqual({ reencrypted: 1, current: 0 });
    const after = await withTenant(t.ctx.db.runtime, admin.tenantId, (trx) =>
      trx.selectFrom('source_instances').select('credentials_encrypted').executeTakeFirstOrThrow(),
    );
    expect(openCredentials(rotated, admin.tenantId, instanceId, after.credentials_encrypted)).toEqual({
      api_token: planted,
    });
    const wrongBinding = (() => {
      try {
        return openCredentials(
          rotated,
          admin.tenantId,
          '00000000-0000-0000-0000-000000000000',
          after.credentials_encrypted,
        );
      } catch (error) {
        return error as Error;
      }
    })();
    expect(wrongBinding).toBeInstanceOf(Error);
    seen.push((wrongBinding as Error).message, JSON.stringify(wrongBinding));

    // A careless log call with the secret under a sensitive name.
    t.ctx.logger.info(
      { credentials: { api_token: planted }, password: planted, nested: { token: planted } },
      'careless',
    );

    expect(seen.length).toBeGreaterThanOrEqual(14);
    expect(t.logs.lines.length).toBeGreaterThanOrEqual(8);
    for (const text of [...seen, t.logs.text()]) expect(text).not.toContain(planted);
    // Tokens issued in the run never reach the logs either.
    expect(t.logs.text()).not.toContain(admin.token);
  });
});

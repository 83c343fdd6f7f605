import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { bearer, tenantWithToken } from '../helpers/tenants.ts';
import {
  createInstanceVia,
  instanceBody,
  startSyncHarness,
  type SyncHarness,
} from '../helpers/sync-harness.ts';

/** Bad input to the instances API gets a typed 4xx and changes nothing. */
describe('instances API bad input', () => {
  let h: SyncHarness;
  let id: string;
  let reader: Awaited<ReturnType<typeof tenantWithToken>>;
  beforeAll(async () => {
    h = await startSyncHarness({
      jira: { port: 0, size: 30 },
      github: { enabled: false },
      asana: { enabled: false },
      linear: { enabled: false },
    });
    id = await createInstanceVia(h, h.admin.token, instanceBody(h.sandbox, 'jira', 'jira'));
    reader = await tenantWithToken(h.t.ctx, 'readers', ['read']);
  });
  afterAll(() => h.close());

  const state = () =>
    withTenant(h.t.ctx.db.runtime, h.admin.tenantId, async (trx) => ({
      instances: (
        await trx
          .selectFrom('source_instances')
          .select(['id', 'name', 'base_url', 'mapping'])
          .where('tenant_id', '=', h.admin.tenantId)
          .execute()
      ).length,
      jobs: (
        await trx.selectFrom('sync_jobs').select('id').where('tenant_id', '=', h.admin.tenantId).execute()
      ).length,
      audit: (
        await trx.selectFrom('audit_log').select('id').where('tenant_id', '=', h.admin.tenantId).execute()
      ).length,
    }));

  const jira = () => instanceBody(h.sandbox, 'jira', `another ${Math.random()}`);

  it.each([
    ['an unknown source type', () => ({ ...jira(), source_type: 'trello' }), 400],
    ['an invalid base URL', () => ({ ...jira(), base_url: 'not a url' }), 400],
    ['a non-http base URL', () => ({ ...jira(), base_url: 'file:///etc/passwd' }), 400],
    [
      'credentials in the base URL',
      () => ({ ...jira(), base_url: 'https://user:pw@example.atlassian.net' }),
      400,
    ],
    ['a link-local base URL', () => ({ ...jira(), base_url: 'http://169.254.169.254/latest' }), 400],
    ['a metadata host', () => ({ ...jira(), base_url: 'http://metadata.google.internal' }), 400],
    ['an IPv6 link-local base URL', () => ({ ...jira(), base_url: 'http://[fe80::1]:8080' }), 400],
    ['credentials of the wrong shape', () => ({ ...jira(), credentials: { password: 'hunter2' } }), 400],
    ['a bad mapping value', () => ({ ...jira(), mapping: { status: { QA: 'testing' } } }), 400],
    ['an unknown mapping table', () => ({ ...jira(), mapping: { colour: {} } }), 400],
    ['an out-of-range sync setting', () => ({ ...jira(), sync_settings: { interval_seconds: -1 } }), 400],
    ['a duplicate name', () => ({ ...jira(), name: 'jira' }), 409],
  ])('refuses %s', async (_name, body, status) => {
    const before = await state();
    const res = await h.api.inject({
      method: 'POST',
      url: '/api/v1/instances',
      headers: bearer(h.admin.token),
      payload: body(),
    });
    expect([res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([
      status,
      status === 409 ? 'conflict' : 'validation_error',
    ]);
    expect(res.body).not.toContain('hunter2');
    expect(await state()).toEqual(before);
  });

  it('never returns credentials, and refuses changes from a read-only token', async () => {
    const got = await h.api.inject({ url: `/api/v1/instances/${id}`, headers: bearer(h.admin.token) });
    expect(got.body).not.toContain('sandbox-jira-token');
    expect(got.json()).not.toHaveProperty('credentials');
    const before = await state();
    const patched = await h.api.inject({
      method: 'PATCH',
      url: `/api/v1/instances/${id}`,
      headers: bearer(reader.token),
      payload: { name: 'x' },
    });
    expect(patched.statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('reports wrong credentials as a failed connection test, not an error', async () => {
    const bad = await createInstanceVia(h, h.admin.token, {
      ...jira(),
      credentials: { type: 'basic', email: 'demo@example.com', api_token: 'wrong-token-1234' },
    });
    const res = await h.api.inject({
      method: 'POST',
      url: `/api/v1/instances/${bad}/test`,
      headers: bearer(h.admin.token),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ connected: false, identity: null, error: { code: 'unauthorized' } });
    expect(res.body).not.toContain('wrong-token-1234');
  });

  it('refuses a backfill of an unknown project, a second concurrent job, and unknown ids', async () => {
    const before = await state();
    const unknown = await h.api.inject({
      method: 'POST',
      url: `/api/v1/instances/${id}/backfill`,
      headers: bearer(h.admin.token),
      payload: { project_keys: ['NOPE'] },
    });
    expect([unknown.statusCode, unknown.json<{ error: { message: string } }>().error.message]).toEqual([
      400,
      'unknown project(s): NOPE',
    ]);
    expect((await state()).jobs).toBe(before.jobs);
    for (const url of [
      `/api/v1/instances/00000000-0000-4000-8000-000000000000`,
      `/api/v1/instances/not-a-uuid`,
    ]) {
      const res = await h.api.inject({ url, headers: bearer(h.admin.token) });
      expect(res.statusCode).toBe(url.endsWith('uuid') ? 400 : 404);
    }
  });

  it('refuses unsigned, forged and malformed webhook deliveries without changing anything', async () => {
    const path = `/api/v1/webhooks/${h.admin.tenantId}/${id}`;
    const body = JSON.stringify({
      webhookEvent: 'jira:issue_deleted',
      issue: { id: '1', key: 'PAY-1', fields: { project: { key: 'PAY' } } },
    });
    const before = await state();
    const cases = [
      { headers: { 'content-type': 'application/json' }, payload: body, status: 401 },
      {
        headers: {
          'content-type': 'application/json',
          'x-hub-signature': `sha256=${createHmac('sha256', 'guess').update(body).digest('hex')}`,
        },
        payload: body,
        status: 401,
      },
      { headers: { 'content-type': 'text/plain' }, payload: body, status: 415 },
      { headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(2 * 1024 * 1024), status: 413 },
    ];
    for (const c of cases) {
      const res = await h.api.inject({ method: 'POST', url: path, headers: c.headers, payload: c.payload });
      expect(res.statusCode).toBe(c.status);
    }
    const otherTenant = await h.api.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${reader.tenantId}/${id}`,
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(otherTenant.statusCode).toBe(404);
    expect(await state()).toEqual(before);
  });
});

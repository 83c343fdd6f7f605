import { createHmac } from 'node:crypto';
import { defaultCredentials } from '@digital-spiral/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { bearer } from '../helpers/tenants.ts';
import {
  connectAndBackfill,
  startSyncHarness,
  waitForJob,
  type SyncHarness,
} from '../helpers/sync-harness.ts';

/** A change in the source arrives through the next incremental sync, and through a signed webhook at once. */
describe('incremental sync and webhooks (Jira)', () => {
  let h: SyncHarness;
  let instanceId: string;
  let webhookSecret: string;
  beforeAll(async () => {
    h = await startSyncHarness({
      jira: { port: 0, size: 120 },
      github: { enabled: false },
      asana: { enabled: false },
      linear: { enabled: false },
    });
    ({ id: instanceId, webhookSecret } = await connectAndBackfill(h, 'jira', 'jira'));
  });
  afterAll(() => h.close());

  const titleOf = (key: string) =>
    withTenant(h.t.ctx.db.runtime, h.admin.tenantId, async (trx) => {
      const { rows } = await sql<{ title: string; updated_at: Date }>`select title, updated_at from work_items
        where tenant_id = ${h.admin.tenantId}::uuid and instance_id = ${instanceId}::uuid and source_key = ${key}`.execute(
        trx,
      );
      return rows[0];
    });

  it('picks up mutated and new items on the next incremental sync', async () => {
    const url = h.sandbox.urls.jira ?? '';
    const mutated = await fetch(`${url}/_sandbox/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'touch', count: 5 }),
    });
    const { changed } = (await mutated.json()) as { changed: string[] };
    const created = await fetch(`${url}/_sandbox/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'create', count: 2 }),
    });
    const { changed: added } = (await created.json()) as { changed: string[] };
    expect(changed.length).toBe(5);
    const res = await h.api.inject({
      method: 'POST',
      url: `/api/v1/instances/${instanceId}/sync`,
      headers: bearer(h.admin.token),
    });
    const job = await waitForJob(h, h.admin.token, instanceId, res.json<{ task_id: string }>().task_id);
    expect(job).toMatchObject({ status: 'completed' });
    for (const key of added) expect(await titleOf(key)).toBeDefined();
    // Only the window after the watermark was read, not the whole project again.
    expect((job.counts as { items: number }).items).toBeLessThan(60);
  });

  it('applies a signed webhook delivery at once and refuses unsigned or forged ones', async () => {
    const key = 'PAY-1';
    const before = await titleOf(key);
    const url = h.sandbox.urls.jira ?? '';
    const auth = `Basic ${Buffer.from(`${defaultCredentials.jira.values.email}:${defaultCredentials.jira.values.apiToken}`).toString('base64')}`;
    const newTitle = `Renamed ${Date.now()}`;
    const put = await fetch(`${url}/rest/api/3/issue/${key}`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { summary: newTitle } }),
    });
    expect(put.status).toBe(204);
    const body = JSON.stringify({
      webhookEvent: 'jira:issue_updated',
      timestamp: Date.now(),
      issue: { id: '1', key, fields: { project: { key: 'PAY' } } },
    });
    const path = `/api/v1/webhooks/${h.admin.tenantId}/${instanceId}`;
    const unsigned = await h.api.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(unsigned.statusCode).toBe(401);
    const forged = await h.api.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': `sha256=${createHmac('sha256', 'wrong').update(body).digest('hex')}`,
      },
      payload: body,
    });
    expect(forged.statusCode).toBe(401);
    expect((await titleOf(key))?.title).toBe(before?.title);

    const signed = await h.api.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}`,
      },
      payload: body,
    });
    expect([signed.statusCode, signed.json()]).toEqual([200, { accepted: 1, deleted: 0 }]);
    expect((await titleOf(key))?.title).toBe(newTitle);

    const malformed = await h.api.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': `sha256=${createHmac('sha256', webhookSecret).update('{nope').digest('hex')}`,
      },
      payload: '{nope',
    });
    expect(malformed.statusCode).toBe(400);
  });
});

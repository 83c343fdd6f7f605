import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../github/helpers.ts';
import { deliverByHttp, startReceiver, type Received, type Receiver } from '../github/receiver.ts';
import { asana, data, startAsana, WORKSPACE } from './helpers.ts';

/** Asana webhooks over HTTP: the X-Hook-Secret handshake, then signed event batches a receiver can verify. */

interface Event {
  action: string;
  resource: { gid: string; resource_type: string };
  parent: { gid: string; resource_type: string } | null;
  user: { gid: string; resource_type: string };
  created_at: string;
  change?: { field: string; action: string };
}

let h: Harness;
let receiver: Receiver;
let call: ReturnType<typeof asana>;
let project = '';
let handshakeSecret: string | undefined;

beforeAll(async () => {
  receiver = await startReceiver();
  // A willing receiver echoes the secret of the handshake and keeps it for verifying later deliveries.
  receiver.respond = (headers) => {
    const secret = headers['x-hook-secret'];
    if (typeof secret !== 'string') return {};
    handshakeSecret = secret;
    return { 'X-Hook-Secret': secret };
  };
  h = await startAsana({ size: 150, deliverWebhook: deliverByHttp });
  call = asana(h);
  project = data<{ gid: string }[]>(await call('GET', `/projects?workspace=${WORKSPACE}`))[0]?.gid ?? '';
});
afterAll(async () => {
  await h.app.close();
  await receiver.close();
});

function signedWith(d: Received, secret: string): boolean {
  return d.headers['x-hook-signature'] === createHmac('sha256', secret).update(d.body).digest('hex');
}

function events(d: Received): Event[] {
  return (JSON.parse(d.body) as { events: Event[] }).events;
}

describe('webhooks', () => {
  it('completes the handshake, then delivers signed events for changes in the project', async () => {
    const created = await call('POST', '/webhooks', {
      data: { resource: project, target: `${receiver.url}/asana` },
    });
    expect(created.statusCode).toBe(201);
    const body = JSON.parse(created.body) as {
      data: { gid: string; resource: { gid: string }; target: string; active: boolean };
      'X-Hook-Secret': string;
    };
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.body).toBe('');
    expect(body['X-Hook-Secret']).toBe(handshakeSecret);
    expect(body.data).toMatchObject({
      resource: { gid: project },
      target: `${receiver.url}/asana`,
      active: true,
    });
    const secret = handshakeSecret ?? '';

    const task = data<{ gid: string }>(
      await call('POST', '/tasks', { data: { name: 'Hooked task', projects: [project] } }),
    );
    const added = (await receiver.waitFor(2))[1] as Received;
    expect(signedWith(added, secret)).toBe(true);
    expect(events(added)).toEqual([
      {
        user: { gid: '1208000000100000', resource_type: 'user' },
        created_at: h.clock.now.toISOString(),
        action: 'added',
        resource: { gid: task.gid, resource_type: 'task', resource_subtype: 'default_task' },
        parent: { gid: project, resource_type: 'project' },
      },
    ]);

    await call('PUT', `/tasks/${task.gid}`, { data: { completed: true } });
    const changed = (await receiver.waitFor(3))[2] as Received;
    expect(events(changed).map((e) => [e.action, e.resource.gid, e.change])).toEqual([
      ['changed', task.gid, { field: 'completed', action: 'changed' }],
    ]);

    const comment = data<{ gid: string }>(
      await call('POST', `/tasks/${task.gid}/stories`, { data: { text: 'Hooked comment' } }),
    );
    const story = (await receiver.waitFor(4))[3] as Received;
    expect(events(story).map((e) => [e.action, e.resource, e.parent])).toEqual([
      [
        'added',
        { gid: comment.gid, resource_type: 'story', resource_subtype: 'comment_added' },
        { gid: task.gid, resource_type: 'task', resource_subtype: 'default_task' },
      ],
    ]);
    const all = await receiver.waitFor(4);
    expect(all.slice(1).every((d) => signedWith(d, secret))).toBe(true);
    expect(all.slice(1).some((d) => signedWith(d, 'not the secret'))).toBe(false);

    const listed = data<{ gid: string }[]>(await call('GET', `/webhooks?workspace=${WORKSPACE}`));
    expect(listed.map((w) => w.gid)).toEqual([body.data.gid]);
    expect(JSON.parse((await call('DELETE', `/webhooks/${body.data.gid}`)).body)).toEqual({ data: {} });
    await call('PUT', `/tasks/${task.gid}`, { data: { name: 'After the webhook is gone' } });
    expect(data<unknown[]>(await call('GET', `/webhooks?workspace=${WORKSPACE}`))).toEqual([]);
  });
  it('applies filters and refuses a target that does not echo the secret', async () => {
    const before = receiver.received.length;
    const filtered = await call('POST', '/webhooks', {
      data: {
        resource: project,
        target: `${receiver.url}/filtered`,
        filters: [{ resource_type: 'task', action: 'changed', fields: ['name'] }],
      },
    });
    expect(filtered.statusCode).toBe(201);
    const task = data<{ gid: string }>(
      await call('POST', '/tasks', { data: { name: 'Filtered', projects: [project] } }),
    );
    await call('PUT', `/tasks/${task.gid}`, { data: { completed: true } });
    await call('PUT', `/tasks/${task.gid}`, { data: { name: 'Filtered, renamed' } });
    const got = await receiver.waitFor(before + 2);
    expect(got.slice(before + 1).flatMap((d) => events(d).map((e) => [e.action, e.change?.field]))).toEqual([
      ['changed', 'name'],
    ]);

    receiver.respond = () => ({});
    const refused = await call('POST', '/webhooks', {
      data: { resource: project, target: `${receiver.url}/silent` },
    });
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({
      errors: [{ message: expect.stringContaining('Could not complete activation handshake') as string }],
    });
  });
});

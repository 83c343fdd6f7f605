/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any -- GraphQL answers are JSON read by shape; the executor already typed them against the schema. */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linearSchema, shapeProblems, startLinear, type Delivery, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await startLinear({ seed: 3, size: 200 });
});
afterEach(async () => {
  await h.close();
});

const CREATE = `mutation($input: WebhookCreateInput!) {
  webhookCreate(input: $input) { success webhook { id url enabled secret resourceTypes allPublicTeams team { key } } }
}`;

async function teamId(key: string): Promise<string> {
  return (await h.gql('query($id: String!) { team(id: $id) { id } }', { id: key })).body.data.team
    .id as string;
}

async function firstIssue(key: string): Promise<{ id: string; identifier: string; state: { id: string } }> {
  const res = await h.gql(
    'query($key: String!) { issues(first: 1, filter: { team: { key: { eq: $key } } }) { nodes { id identifier state { id } } } }',
    { key },
  );
  return res.body.data.issues.nodes[0];
}

/** Checks a delivery as a receiver must: the signature over the raw body, then the body against the schema's types. */
function verified(delivery: Delivery, secret: string, dataType: string): Record<string, any> {
  const expected = createHmac('sha256', secret).update(delivery.body).digest('hex');
  expect(delivery.headers['linear-signature']).toBe(expected);
  const body = JSON.parse(delivery.body) as Record<string, any>;
  const schema = linearSchema();
  const { data, actor, ...envelope } = body;
  expect(
    shapeProblems(schema, envelope, schema.getType('EntityWebhookPayload') as never).filter(
      (p) => !/\.(data|actor) is missing$/.test(p),
    ),
  ).toEqual([]);
  expect(shapeProblems(schema, data, schema.getType(dataType) as never)).toEqual([]);
  expect(shapeProblems(schema, actor, schema.getType('UserActorWebhookPayload') as never)).toEqual([]);
  return body;
}

describe('Linear sandbox webhooks', () => {
  it('registers a webhook and delivers signed issue updates of its team', async () => {
    const eng = await teamId('ENG');
    const created = await h.gql(CREATE, {
      input: {
        url: 'http://127.0.0.1:9999/hooks/linear',
        teamId: eng,
        resourceTypes: ['Issue', 'Comment'],
        secret: 's3cret',
      },
    });
    const hook = created.body.data.webhookCreate;
    expect(hook).toEqual({
      success: true,
      webhook: {
        id: expect.any(String),
        url: 'http://127.0.0.1:9999/hooks/linear',
        enabled: true,
        secret: 's3cret',
        resourceTypes: ['Issue', 'Comment'],
        allPublicTeams: false,
        team: { key: 'ENG' },
      },
    });
    const listed = await h.gql('{ webhooks { nodes { id } } }');
    expect(listed.body.data.webhooks.nodes).toEqual([{ id: hook.webhook.id }]);

    const issue = await firstIssue('ENG');
    const done = (
      await h.gql(
        '{ workflowStates(filter: { team: { key: { eq: "ENG" } }, type: { eq: "completed" } }) { nodes { id } } }',
      )
    ).body.data.workflowStates.nodes[0].id;
    h.advance(2000);
    await h.gql(
      'mutation($id: String!, $s: String!) { issueUpdate(id: $id, input: { stateId: $s }) { success } }',
      { id: issue.id, s: done },
    );
    expect(h.deliveries).toHaveLength(1);
    const delivery = h.deliveries[0]!;
    expect(delivery.url).toBe('http://127.0.0.1:9999/hooks/linear');
    expect(delivery.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'linear-delivery': expect.any(String),
      'linear-event': 'Issue',
      'linear-signature': expect.stringMatching(/^[0-9a-f]{64}$/),
      'user-agent': 'Linear-Webhook',
    });
    const body = verified(delivery, 's3cret', 'IssueWebhookPayload');
    expect(body).toMatchObject({
      action: 'update',
      type: 'Issue',
      webhookId: hook.webhook.id,
      webhookTimestamp: Date.parse('2026-06-01T12:00:02.000Z'),
      createdAt: '2026-06-01T12:00:02.000Z',
      data: {
        id: issue.id,
        identifier: issue.identifier,
        stateId: done,
        completedAt: '2026-06-01T12:00:02.000Z',
      },
      updatedFrom: { stateId: issue.state.id, completedAt: null },
    });
  });

  it('delivers comment and create events, and only for subscribed teams', async () => {
    const des = await teamId('DES');
    await h.gql(CREATE, {
      input: { url: 'http://127.0.0.1:9999/des', teamId: des, resourceTypes: ['Issue'], secret: 'a' },
    });
    await h.gql(CREATE, {
      input: {
        url: 'http://127.0.0.1:9999/all',
        allPublicTeams: true,
        resourceTypes: ['Comment', 'Issue'],
        secret: 'b',
      },
    });
    const eng = await firstIssue('ENG');
    await h.gql(
      'mutation($id: String!) { commentCreate(input: { issueId: $id, body: "LGTM" }) { success } }',
      { id: eng.id },
    );
    await h.gql(
      'mutation($t: String!) { issueCreate(input: { teamId: $t, title: "New icon set" }) { success } }',
      { t: des },
    );
    expect(
      h.deliveries.map((d) => [
        d.url,
        d.headers['linear-event'],
        (JSON.parse(d.body) as { action: string }).action,
      ]),
    ).toEqual([
      ['http://127.0.0.1:9999/all', 'Comment', 'create'],
      ['http://127.0.0.1:9999/des', 'Issue', 'create'],
      ['http://127.0.0.1:9999/all', 'Issue', 'create'],
    ]);
    const comment = verified(h.deliveries[0]!, 'b', 'CommentWebhookPayload');
    expect(comment['data']).toMatchObject({
      body: 'LGTM',
      issueId: eng.id,
      issue: { identifier: eng.identifier },
    });
    const created = verified(h.deliveries[1]!, 'a', 'IssueWebhookPayload');
    expect(created['data']).toMatchObject({ title: 'New icon set', team: { key: 'DES' } });
    expect(created['updatedFrom']).toBeUndefined();
  });

  it('stops delivering after webhookDelete and for sandbox-driven changes before it', async () => {
    const hook = await h.gql(CREATE, {
      input: { url: 'http://127.0.0.1:9999/x', allPublicTeams: true, resourceTypes: ['Issue'] },
    });
    const { id, secret } = (
      await h.gql('query($id: String!) { webhook(id: $id) { id secret } }', {
        id: hook.body.data.webhookCreate.webhook.id,
      })
    ).body.data.webhook;
    expect(secret).toMatch(/^lin_wh_[0-9a-f]{32}$/);
    const touched = h.service.mutate({ action: 'touch', count: 3 });
    expect(h.deliveries).toHaveLength(touched.changed.length);
    for (const delivery of h.deliveries) verified(delivery, secret, 'IssueWebhookPayload');
    const deleted = await h.gql('mutation($id: String!) { webhookDelete(id: $id) { success entityId } }', {
      id,
    });
    expect(deleted.body.data.webhookDelete).toEqual({ success: true, entityId: id });
    h.service.mutate({ action: 'touch', count: 3 });
    expect(h.deliveries).toHaveLength(touched.changed.length);
  });

  it('refuses a webhook without a team scope', async () => {
    const res = await h.gql(CREATE, { input: { url: 'http://127.0.0.1:9999/x', resourceTypes: ['Issue'] } });
    expect(res.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'Either teamId or allPublicTeams must be set',
    ]);
  });
});

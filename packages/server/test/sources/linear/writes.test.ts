import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors/app-error.ts';
import { startLinear, type LinearHarness } from './linear-harness.ts';

let h: LinearHarness;
beforeAll(async () => {
  h = await startLinear(120);
});
afterAll(async () => {
  await h.close();
});

const ISSUE = `query($id: String!) { issue(id: $id) {
  id identifier title description priority parent { identifier } assignee { id } labels { nodes { name } }
  state { id name } team { key } comments { nodes { id body } }
} }`;

async function engMember(): Promise<{ id: string; name: string; email: string }> {
  const res = await h.gql('{ team(id: "ENG") { members(first: 1) { nodes { id name email } } } }');
  return res.body.data.team.members.nodes[0] as { id: string; name: string; email: string };
}

async function engLabels(): Promise<string[]> {
  const res = await h.gql('{ team(id: "ENG") { labels { nodes { name } } } }');
  return (res.body.data.team.labels.nodes as Array<{ name: string }>).map((l) => l.name);
}

describe('Linear writes', () => {
  it('creates an issue with labels by name, a priority name, an assignee and a parent', async () => {
    const adapter = h.adapter();
    const member = await engMember();
    const labels = (await engLabels()).slice(0, 2);
    const item = await adapter.createItem({
      projectKey: 'ENG',
      title: 'Adapter-created issue',
      description: 'Made by **the adapter** test',
      priority: 'High',
      assigneeAccountId: member.id,
      labels,
      parentKey: 'ENG-1',
    });
    const truth = (await h.gql(ISSUE, { id: item.sourceId })).body.data.issue;
    expect(truth).toEqual({
      id: item.sourceId,
      identifier: item.key,
      title: 'Adapter-created issue',
      description: 'Made by **the adapter** test',
      priority: 2,
      parent: { identifier: 'ENG-1' },
      assignee: { id: member.id },
      labels: { nodes: expect.arrayContaining(labels.map((name) => ({ name }))) },
      state: expect.any(Object),
      team: { key: 'ENG' },
      comments: { nodes: [] },
    });
    expect(item).toMatchObject({
      key: truth.identifier,
      projectKey: 'ENG',
      title: 'Adapter-created issue',
      type: 'sub-issue',
      parentKey: 'ENG-1',
      priority: '2',
      assignee: { accountId: member.id, displayName: member.name, email: member.email },
      status: { name: truth.state.name, category: expect.any(String) },
    });
    expect(item.labels.sort()).toEqual([...labels].sort());
  });

  it('refuses an unknown label name or priority before calling Linear', async () => {
    const adapter = h.adapter();
    const label = await adapter
      .createItem({ projectKey: 'ENG', title: 'x', labels: ['no-such-label'] })
      .catch((e: unknown) => e);
    expect(label).toBeInstanceOf(AppError);
    expect((label as AppError).message).toBe('labels: team ENG has no label named "no-such-label"');
    const priority = await adapter
      .createItem({ projectKey: 'ENG', title: 'x', priority: 'P9' })
      .catch((e: unknown) => e);
    expect((priority as AppError).code).toBe('validation_error');
  });

  it('updates title, priority and labels, visible in the fake', async () => {
    const adapter = h.adapter();
    const label = (await engLabels())[0]!;
    const item = await adapter.updateItem('ENG-2', {
      title: 'Retitled by adapter',
      priority: '4',
      labels: [label],
    });
    const truth = (await h.gql(ISSUE, { id: 'ENG-2' })).body.data.issue;
    expect({ title: truth.title, priority: truth.priority, labels: truth.labels.nodes }).toEqual({
      title: 'Retitled by adapter',
      priority: 4,
      labels: [{ name: label }],
    });
    expect({ title: item.title, priority: item.priority, labels: item.labels }).toEqual({
      title: 'Retitled by adapter',
      priority: '4',
      labels: [label],
    });
  });

  it('adds a comment', async () => {
    const { sourceId } = await h.adapter().addComment!('ENG-3', 'Looked into it: **fixed** upstream.');
    const truth = (await h.gql(ISSUE, { id: 'ENG-3' })).body.data.issue;
    expect(truth.comments.nodes).toContainEqual({
      id: sourceId,
      body: 'Looked into it: **fixed** upstream.',
    });
    const item = await h.adapter().getItem('ENG-3');
    expect(item.comments.find((c) => c.sourceId === sourceId)?.body).toBe('Looked into it: fixed upstream.');
  });

  it('lists the team’s other workflow states as transitions and moves the issue to one', async () => {
    const adapter = h.adapter();
    const before = (await h.gql(ISSUE, { id: 'ENG-4' })).body.data.issue;
    const states = (
      await h.gql(
        '{ workflowStates(filter: { team: { key: { eq: "ENG" } } }) { nodes { id name position } } }',
      )
    ).body.data.workflowStates.nodes as Array<{ id: string; name: string; position: number }>;
    const transitions = await adapter.listTransitions!('ENG-4');
    expect(transitions).toEqual(
      states
        .filter((s) => s.id !== before.state.id)
        .sort((a, b) => a.position - b.position)
        .map((s) => ({ id: s.id, name: s.name, to: s.name })),
    );
    const target = transitions.at(-1)!;
    await adapter.transition!('ENG-4', target.id);
    const after = (await h.gql(ISSUE, { id: 'ENG-4' })).body.data.issue;
    expect(after.state).toEqual({ id: target.id, name: target.name });
    const item = await adapter.getItem('ENG-4');
    expect(item.transitions.at(-1)).toMatchObject({
      from: { name: before.state.name },
      to: { name: target.name },
    });
  });

  it('searches titles across teams, one page at a time', async () => {
    const adapter = h.adapter();
    const term = 'quokka';
    const made: string[] = [];
    for (const [team, title] of [
      ['ENG', 'Feed the Quokka'],
      ['OPS', 'quokka enclosure audit'],
      ['DES', 'QUOKKA mascot'],
    ]) {
      const res = await h.gql(
        'mutation($t: String!, $title: String!) { issueCreate(input: { teamId: $t, title: $title }) { issue { identifier } } }',
        {
          t: team,
          title,
        },
      );
      made.push(res.body.data.issueCreate.issue.identifier);
    }
    const truth = (
      await h.gql(
        'query($t: String!) { issues(first: 250, filter: { title: { containsIgnoreCase: $t } }) { nodes { identifier } } }',
        { t: term },
      )
    ).body.data.issues.nodes as Array<{ identifier: string }>;
    const first = await adapter.search(term, { limit: 1 });
    expect(first.items).toHaveLength(1);
    const keys = first.items.map((i) => i.key);
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await adapter.search(term, { limit: 1, cursor });
      keys.push(...page.items.map((i) => i.key));
      cursor = page.nextCursor;
    }
    expect(keys.sort()).toEqual(truth.map((t) => t.identifier).sort());
    expect(keys).toEqual(expect.arrayContaining(made));
  });

  it('lists users whose name or e-mail contains the query', async () => {
    const member = await engMember();
    const part = member.name.split(' ')[0]!.toLowerCase();
    const truth = (
      await h.gql(
        `query($q: String!) { users(filter: { or: [{ name: { containsIgnoreCase: $q } }, { displayName: { containsIgnoreCase: $q } }, { email: { containsIgnoreCase: $q } }] }) { nodes { id name email } } }`,
        { q: part },
      )
    ).body.data.users.nodes as Array<{ id: string; name: string; email: string }>;
    const users = await h.adapter().listUsers!(part);
    expect(users).toEqual(truth.map((u) => ({ accountId: u.id, displayName: u.name, email: u.email })));
    expect(users).toContainEqual({ accountId: member.id, displayName: member.name, email: member.email });
  });
});

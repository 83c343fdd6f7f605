/* eslint-disable @typescript-eslint/no-unsafe-call -- GraphQL answers are JSON read by shape; the executor already typed them against the schema. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLinear, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await startLinear({ seed: 8, size: 300 });
});
afterEach(async () => {
  await h.close();
});

async function team(key: string): Promise<{ id: string; states: Record<string, string>; members: string[] }> {
  const res = await h.gql(
    'query($id: String!) { team(id: $id) { id states { nodes { id name } } members { nodes { id } } } }',
    { id: key },
  );
  const t = res.body.data.team;
  return {
    id: t.id,
    states: Object.fromEntries(t.states.nodes.map((s: { id: string; name: string }) => [s.name, s.id])),
    members: t.members.nodes.map((m: { id: string }) => m.id),
  };
}

const ISSUE =
  'id identifier title description priority priorityLabel estimate createdAt updatedAt startedAt completedAt state { name } assignee { id } creator { id } team { key } labels { nodes { name } }';

describe('Linear sandbox mutations', () => {
  it('creates an issue that later reads see first', async () => {
    const eng = await team('ENG');
    const labels = await h.gql('{ issueLabels(filter: { name: { eq: "Bug" } }) { nodes { id } } }');
    const before = await h.gql(
      '{ issues(first: 1, filter: { team: { key: { eq: "ENG" } } }) { nodes { number } } }',
    );
    h.advance(60_000);
    const created = await h.gql(
      `mutation($input: IssueCreateInput!) { issueCreate(input: $input) { success lastSyncId issue { ${ISSUE} } } }`,
      {
        input: {
          teamId: eng.id,
          title: 'Checkout fails for EU cards',
          description: '## Steps\n\n1. Pay with a EU card',
          priority: 2,
          estimate: 3,
          stateId: eng.states['Todo'],
          assigneeId: eng.members[1],
          labelIds: [labels.body.data.issueLabels.nodes[0].id],
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    const payload = created.body.data.issueCreate;
    const viewer = await h.gql('{ viewer { id } }');
    expect(payload).toEqual({
      success: true,
      lastSyncId: expect.any(Number),
      issue: {
        id: expect.any(String),
        identifier: `ENG-${before.body.data.issues.nodes[0].number + 1}`,
        title: 'Checkout fails for EU cards',
        description: '## Steps\n\n1. Pay with a EU card',
        priority: 2,
        priorityLabel: 'High',
        estimate: 3,
        createdAt: '2026-06-01T12:01:00.000Z',
        updatedAt: '2026-06-01T12:01:00.000Z',
        startedAt: null,
        completedAt: null,
        state: { name: 'Todo' },
        assignee: { id: eng.members[1] },
        creator: { id: viewer.body.data.viewer.id },
        team: { key: 'ENG' },
        labels: { nodes: [{ name: 'Bug' }] },
      },
    });
    const latest = await h.gql(`{ issues(first: 1) { nodes { ${ISSUE} } } }`);
    expect(latest.body.data.issues.nodes[0]).toEqual(payload.issue);
    const byKey = await h.gql(`query($id: String!) { issue(id: $id) { ${ISSUE} } }`, {
      id: payload.issue.identifier,
    });
    expect(byKey.body.data.issue).toEqual(payload.issue);
  });

  it('updates state, assignee, title and priority as one history entry and moves updatedAt', async () => {
    const ops = await team('OPS');
    const list = await h.gql(
      '{ issues(first: 1, filter: { team: { key: { eq: "OPS" } }, state: { type: { eq: "backlog" } } }) { nodes { id updatedAt assignee { id } title priority history { nodes { id } } } } }',
    );
    const issue = list.body.data.issues.nodes[0];
    const assignee = ops.members.find((m) => m !== issue.assignee?.id)!;
    h.advance(3_600_000);
    const res = await h.gql(
      `mutation($id: String!, $input: IssueUpdateInput!) {
        issueUpdate(id: $id, input: $input) { success issue { title priority state { name } assignee { id } updatedAt startedAt
          history(first: 1) { nodes { createdAt actor { id } fromState { name } toState { name } fromAssignee { id } toAssignee { id }
            fromTitle toTitle fromPriority toPriority } } } }
      }`,
      {
        id: issue.id,
        input: {
          stateId: ops.states['In Progress'],
          assigneeId: assignee,
          title: 'Rotate the keys now',
          priority: 1,
        },
      },
    );
    const viewer = await h.gql('{ viewer { id } }');
    expect(res.body.data.issueUpdate).toEqual({
      success: true,
      issue: {
        title: 'Rotate the keys now',
        priority: 1,
        state: { name: 'In Progress' },
        assignee: { id: assignee },
        updatedAt: '2026-06-01T13:00:00.000Z',
        startedAt: '2026-06-01T13:00:00.000Z',
        history: {
          nodes: [
            {
              createdAt: '2026-06-01T13:00:00.000Z',
              actor: { id: viewer.body.data.viewer.id },
              fromState: { name: 'Backlog' },
              toState: { name: 'In Progress' },
              fromAssignee: issue.assignee,
              toAssignee: { id: assignee },
              fromTitle: issue.title,
              toTitle: 'Rotate the keys now',
              fromPriority: issue.priority,
              toPriority: 1,
            },
          ],
        },
      },
    });
    const history = await h.gql(
      'query($id: String!) { issue(id: $id) { history(first: 250) { nodes { id } } } }',
      { id: issue.id },
    );
    expect(history.body.data.issue.history.nodes).toHaveLength(issue.history.nodes.length + 1);
    const changed = await h.gql(
      'query($since: DateTimeOrDuration) { issues(orderBy: updatedAt, filter: { updatedAt: { gt: $since } }) { nodes { id } } }',
      {
        since: '2026-06-01T12:00:00.000Z',
      },
    );
    expect(changed.body.data.issues.nodes).toEqual([{ id: issue.id }]);
  });

  it('completes and reopens an issue, keeping completedAt right', async () => {
    const eng = await team('ENG');
    const list = await h.gql(
      '{ issues(first: 1, filter: { team: { key: { eq: "ENG" } }, state: { type: { eq: "started" } } }) { nodes { id } } }',
    );
    const id = list.body.data.issues.nodes[0].id;
    const move = (state: string) =>
      h.gql(
        'mutation($id: String!, $s: String!) { issueUpdate(id: $id, input: { stateId: $s }) { issue { completedAt state { type } } } }',
        {
          id,
          s: eng.states[state],
        },
      );
    h.advance(1000);
    expect((await move('Done')).body.data.issueUpdate.issue).toEqual({
      completedAt: '2026-06-01T12:00:01.000Z',
      state: { type: 'completed' },
    });
    h.advance(1000);
    expect((await move('Todo')).body.data.issueUpdate.issue).toEqual({
      completedAt: null,
      state: { type: 'unstarted' },
    });
  });

  it('refuses invalid and unsupported input with Linear errors', async () => {
    const eng = await team('ENG');
    const des = await team('DES');
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'mutation($i: IssueCreateInput!) { issueCreate(input: $i) { success } }',
        { i: { teamId: 'nope', title: 'x' } },
        'Entity not found: Team',
      ],
      [
        'mutation($i: IssueCreateInput!) { issueCreate(input: $i) { success } }',
        { i: { teamId: eng.id, title: 'x', stateId: des.states['Todo'] } },
        'Workflow state Todo belongs to another team',
      ],
      [
        'mutation($i: IssueCreateInput!) { issueCreate(input: $i) { success } }',
        { i: { teamId: eng.id, title: 'x', priority: 7 } },
        'priority must be an integer from 0 (no priority) to 4 (low)',
      ],
      [
        'mutation($i: IssueCreateInput!) { issueCreate(input: $i) { success } }',
        { i: { teamId: eng.id, title: 'x', dueDate: '2026-07-01' } },
        'IssueCreateInput.dueDate is not supported by the Linear sandbox',
      ],
      [
        'mutation { cycleArchive(id: "x") { success } }',
        {},
        'Mutation cycleArchive is not supported by the Linear sandbox',
      ],
    ];
    for (const [query, variables, message] of cases) {
      const res = await h.gql(query, variables);
      expect(res.status).toBe(200);
      expect(res.body.data).toBeNull();
      expect(
        res.body.errors.map((e: { message: string; extensions: { code: string } }) => [
          e.message,
          e.extensions.code,
        ]),
      ).toEqual([[message, 'INPUT_ERROR']]);
    }
    const unchanged = h.service.stats();
    expect(unchanged['issues']).toBe(300);
  });
});

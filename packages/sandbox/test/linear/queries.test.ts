/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any -- GraphQL answers are JSON read by shape; the executor already typed them against the schema. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLinear, type Harness } from './helpers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let h: Harness;
beforeEach(async () => {
  h = await startLinear({ seed: 5, size: 600 });
});
afterEach(async () => {
  await h.close();
});

describe('Linear sandbox queries', () => {
  it('answers viewer and organization for the API key', async () => {
    const res = await h.gql(
      'query Me { viewer { id name email isMe admin active } organization { id name urlKey } }',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: {
        viewer: {
          id: expect.stringMatching(UUID),
          name: expect.stringMatching(/^\S+ \S+$/),
          email: expect.stringMatching(/^[a-z.]+@[a-z]+\.example$/),
          isMe: true,
          admin: true,
          active: true,
        },
        organization: {
          id: expect.stringMatching(UUID),
          name: expect.any(String),
          urlKey: expect.stringMatching(/^[a-z-]+$/),
        },
      },
    });
  });

  it('lists teams with their workflow states and members', async () => {
    const res = await h.gql(`query Teams {
      teams(first: 50) {
        nodes { id key name states { nodes { id name type position team { key } } } members { nodes { id } } }
        pageInfo { hasNextPage endCursor }
      }
    }`);
    const teams = res.body.data.teams.nodes as {
      key: string;
      states: { nodes: { name: string; type: string; team: { key: string } }[] };
      members: { nodes: unknown[] };
    }[];
    expect(teams.map((t) => t.key).sort()).toEqual(['DES', 'ENG', 'OPS']);
    expect(res.body.data.teams.pageInfo).toEqual({
      hasNextPage: false,
      endCursor: expect.stringMatching(UUID),
    });
    for (const team of teams) {
      const types = new Set(team.states.nodes.map((s) => s.type));
      for (const type of ['backlog', 'unstarted', 'started', 'completed', 'canceled'])
        expect(types).toContain(type);
      expect(team.states.nodes.every((s) => s.team.key === team.key)).toBe(true);
      expect(team.members.nodes.length).toBeGreaterThanOrEqual(2);
    }
    const eng = teams.find((t) => t.key === 'ENG')!;
    expect(eng.states.nodes.map((s) => `${s.name}:${s.type}`).sort()).toEqual([
      'Backlog:backlog',
      'Canceled:canceled',
      'Done:completed',
      'Duplicate:duplicate',
      'In Progress:started',
      'In Review:started',
      'Todo:unstarted',
      'Triage:triage',
    ]);
  });

  it('lists workflow states, users, projects and labels of the workspace', async () => {
    const res = await h.gql(`{
      workflowStates(first: 250) { nodes { id type } }
      users(first: 250) { nodes { id name email active } }
      projects(first: 250) { nodes { id name state lead { id } teams { nodes { key } } } }
      issueLabels(first: 250) { nodes { id name team { key } } }
    }`);
    const data = res.body.data;
    expect(data.workflowStates.nodes).toHaveLength(8 + 6 + 8);
    expect(data.users.nodes.length).toBeGreaterThanOrEqual(6);
    expect(data.users.nodes.every((u: { active: boolean }) => u.active)).toBe(true);
    expect(data.projects.nodes.length).toBe(6);
    expect(data.issueLabels.nodes.map((l: { name: string }) => l.name)).toEqual(
      expect.arrayContaining(['Bug', 'Feature', 'Backend', 'UX', 'Incident']),
    );
  });

  it('finds an issue by UUID and by identifier', async () => {
    const list = await h.gql('{ issues(first: 1) { nodes { id identifier } } }');
    const { id, identifier } = list.body.data.issues.nodes[0];
    const byId = await h.gql('query($id: String!) { issue(id: $id) { id identifier title } }', { id });
    const byKey = await h.gql('query($id: String!) { issue(id: $id) { id identifier title } }', {
      id: identifier,
    });
    expect(byId.body).toEqual(byKey.body);
    expect(byId.body.data.issue).toEqual({ id, identifier, title: expect.any(String) });
  });

  it('answers issue fields the sync engine reads, consistent with each other', async () => {
    const res = await h.gql(`{
      issues(first: 250, includeArchived: true) {
        nodes {
          id identifier number title description priority priorityLabel estimate url branchName
          createdAt updatedAt startedAt completedAt canceledAt archivedAt
          team { key } state { type } assignee { id } creator { id } project { id } parent { id }
          labels { nodes { id } } labelIds children { nodes { parent { id } } }
        }
      }
    }`);
    const issues = res.body.data.issues.nodes as Record<string, any>[];
    expect(issues).toHaveLength(250);
    for (const issue of issues) {
      expect(issue['identifier']).toBe(`${issue['team'].key}-${issue['number']}`);
      expect(issue['priorityLabel']).toBe(
        ['No priority', 'Urgent', 'High', 'Medium', 'Low'][issue['priority']],
      );
      expect(issue['url']).toMatch(new RegExp(`^https://linear\\.app/[a-z-]+/issue/${issue['identifier']}/`));
      expect(Date.parse(issue['updatedAt'])).toBeGreaterThanOrEqual(Date.parse(issue['createdAt']));
      expect(issue['labels'].nodes.map((l: { id: string }) => l.id).sort()).toEqual(
        [...issue['labelIds']].sort(),
      );
      if (issue['state'].type === 'completed') expect(issue['completedAt']).not.toBeNull();
      else expect(issue['completedAt']).toBeNull();
      if (['canceled', 'duplicate'].includes(issue['state'].type)) expect(issue['canceledAt']).not.toBeNull();
      if (issue['state'].type === 'started') expect(issue['startedAt']).not.toBeNull();
      for (const child of issue['children'].nodes) expect(child.parent.id).toBe(issue['id']);
    }
    expect(issues.some((i) => i['parent'] !== null)).toBe(true);
    expect(issues.some((i) => i['assignee'] === null)).toBe(true);
    expect(
      issues.some(
        (i) => typeof i['description'] === 'string' && i['description'].includes('## Acceptance criteria'),
      ),
    ).toBe(true);
  });

  it('rebuilds each issue status from its history', async () => {
    const res = await h.gql(`{
      issues(first: 100, includeArchived: true) {
        nodes {
          createdAt startedAt state { id type }
          history(first: 100) { nodes { createdAt actor { id } fromState { id type } toState { id type } fromAssignee { id } toAssignee { id } } }
        }
      }
    }`);
    let checked = 0;
    for (const issue of res.body.data.issues.nodes) {
      const moves = [...issue.history.nodes]
        .reverse()
        .filter((e: { toState: unknown }) => e.toState !== null);
      for (let i = 1; i < moves.length; i++) {
        expect(moves[i].fromState.id).toBe(moves[i - 1].toState.id);
        expect(Date.parse(moves[i].createdAt)).toBeGreaterThanOrEqual(Date.parse(moves[i - 1].createdAt));
      }
      if (moves.length === 0) continue;
      checked++;
      expect(moves[moves.length - 1].toState.id).toBe(issue.state.id);
      const firstStart = moves.find((m: { toState: { type: string } }) => m.toState.type === 'started');
      expect(issue.startedAt).toBe(firstStart?.createdAt ?? null);
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('resolves valid fields it does not model to empty values of their type', async () => {
    const list = await h.gql('{ issues(first: 1) { nodes { id } } }');
    const res = await h.gql(
      `query($id: String!) {
        issue(id: $id) {
          cycle { id } sharedAccess { isShared sharedWithCount sharedWithUsers { id } }
          attachments { nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
          customerTicketCount previousIdentifiers reactionData integrationSourceType
        }
        cycles { nodes { id } }
      }`,
      { id: list.body.data.issues.nodes[0].id },
    );
    expect(res.body).toEqual({
      data: {
        issue: {
          cycle: null,
          sharedAccess: { isShared: false, sharedWithCount: 0, sharedWithUsers: [] },
          attachments: {
            nodes: [],
            pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
          },
          customerTicketCount: 0,
          previousIdentifiers: [],
          reactionData: [],
          integrationSourceType: null,
        },
        cycles: { nodes: [] },
      },
    });
  });

  it('answers "Entity not found" for unknown ids', async () => {
    const res = await h.gql('{ issue(id: "ENG-999999") { id } }');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: 'Entity not found: Issue',
          locations: [{ line: 1, column: 3 }],
          path: ['issue'],
          extensions: {
            type: 'invalid input',
            code: 'INPUT_ERROR',
            statusCode: 400,
            userError: true,
            userPresentableMessage: 'Could not find referenced Issue.',
          },
        },
      ],
    });
  });

  it('gives edges cursors equal to node ids', async () => {
    const res = await h.gql(
      '{ issues(first: 5) { edges { cursor node { id } } pageInfo { startCursor endCursor } } }',
    );
    const edges = res.body.data.issues.edges as { cursor: string; node: { id: string } }[];
    expect(edges.every((e) => e.cursor === e.node.id)).toBe(true);
    expect(res.body.data.issues.pageInfo).toEqual({
      startCursor: edges[0]!.cursor,
      endCursor: edges[4]!.cursor,
    });
  });

  it('answers introspection', async () => {
    const res = await h.gql('{ __type(name: "WorkflowState") { name fields { name } } }');
    expect(res.body.data.__type.name).toBe('WorkflowState');
    expect(res.body.data.__type.fields.map((f: { name: string }) => f.name)).toContain('type');
  });
});

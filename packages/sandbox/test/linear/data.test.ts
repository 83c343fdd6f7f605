/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any -- GraphQL answers are JSON read by shape; the executor already typed them against the schema. */
import { describe, expect, it } from 'vitest';
import { parseDateTimeOrDuration } from '../../src/linear/world/dates.ts';
import { createIdCodec } from '../../src/linear/world/ids.ts';
import { NOW, startLinear, type Harness } from './helpers.ts';

const DAY = 86_400_000;

const SNAPSHOT = `{
  organization { name urlKey }
  teams { nodes { key members { nodes { email } } } }
  issues(first: 250, includeArchived: true, orderBy: updatedAt) {
    nodes { id identifier title description priority estimate state { name } assignee { email } createdAt updatedAt
      history(first: 20) { nodes { id createdAt fromState { name } toState { name } } }
      comments(first: 20) { nodes { id body createdAt } } }
  }
}`;

async function everyIssue(h: Harness, fields: string): Promise<Record<string, any>[]> {
  const rows: Record<string, any>[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await h.gql(
      `query($after: String) { issues(first: 250, after: $after, includeArchived: true, orderBy: updatedAt) { nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    rows.push(...res.body.data.issues.nodes);
    if (!res.body.data.issues.pageInfo.hasNextPage) return rows;
    after = res.body.data.issues.pageInfo.endCursor;
  }
}

describe('Linear sandbox data', () => {
  it('builds the same workspace from the same seed, and another from another seed', async () => {
    const answers = [];
    for (const seed of [41, 41, 42]) {
      const h = await startLinear({ seed, size: 500 });
      answers.push((await h.gql(SNAPSHOT)).body);
      await h.close();
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0].data.issues.nodes).toHaveLength(250);
    expect(answers[2].data.issues.nodes[0].id).not.toBe(answers[0].data.issues.nodes[0].id);
  });

  it('looks like a real team over months: flow, stuck work, reopenings, sub-issues, comments', async () => {
    const h = await startLinear({ seed: 9, size: 3000 });
    const rows = await everyIssue(
      h,
      `createdAt updatedAt startedAt completedAt state { type } assignee { id } parent { id } comments { nodes { id } }
       history(first: 250) { nodes { fromState { type } toState { type } fromAssignee { id } toAssignee { id } } }`,
    );
    await h.close();
    expect(rows).toHaveLength(3000);
    const types = new Map<string, number>();
    for (const r of rows) types.set(r['state'].type, (types.get(r['state'].type) ?? 0) + 1);
    for (const type of ['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled', 'duplicate'])
      expect(types.get(type) ?? 0).toBeGreaterThan(0);
    expect(types.get('completed')! / rows.length).toBeGreaterThan(0.4);
    const created = rows.map((r) => Date.parse(r['createdAt']));
    expect(NOW.getTime() - Math.min(...created)).toBeGreaterThan(80 * DAY);
    expect(Math.max(...rows.map((r) => Date.parse(r['updatedAt'])))).toBeLessThanOrEqual(NOW.getTime());
    const stuck = rows.filter(
      (r) => r['state'].type === 'started' && NOW.getTime() - Date.parse(r['startedAt']) > 21 * DAY,
    );
    const reopened = rows.filter((r) =>
      r['history'].nodes.some(
        (e: any) => e.fromState?.type === 'completed' && e.toState?.type !== 'completed',
      ),
    );
    const cycle = rows
      .filter((r) => r['completedAt'] !== null)
      .map((r) => Date.parse(r['completedAt']) - Date.parse(r['createdAt']));
    const reassigned = rows.filter((r) =>
      r['history'].nodes.some((e: any) => e.fromAssignee !== null && e.toAssignee !== null),
    );
    expect(stuck.length).toBeGreaterThan(5);
    expect(reopened.length).toBeGreaterThan(5);
    expect(reassigned.length).toBeGreaterThan(5);
    expect(rows.filter((r) => r['parent'] !== null).length / rows.length).toBeGreaterThan(0.05);
    expect(rows.filter((r) => r['assignee'] === null).length).toBeGreaterThan(100);
    expect(rows.filter((r) => r['comments'].nodes.length > 0).length / rows.length).toBeGreaterThan(0.4);
    const median = [...cycle].sort((a, b) => a - b)[Math.floor(cycle.length / 2)]!;
    expect(median).toBeGreaterThan(2 * DAY);
    expect(median).toBeLessThan(60 * DAY);
  });

  it('reports stats that match what queries return', async () => {
    const h = await startLinear({ seed: 2, size: 800 });
    const rows = await everyIssue(
      h,
      'archivedAt comments { nodes { id } } history(first: 250) { nodes { id } }',
    );
    const stats = h.service.stats();
    const teams = await h.gql(
      '{ teams { nodes { id } } users(includeDisabled: true, first: 250) { nodes { id } } workflowStates(first: 250) { nodes { id } } }',
    );
    await h.close();
    expect(stats).toEqual({
      issues: 800,
      archivedIssues: rows.filter((r) => r['archivedAt'] !== null).length,
      comments: rows.reduce((n, r) => n + r['comments'].nodes.length, 0),
      historyEntries: rows.reduce((n, r) => n + r['history'].nodes.length, 0),
      teams: teams.body.data.teams.nodes.length,
      users: teams.body.data.users.nodes.length,
      projects: 6,
      issueLabels: 17,
      workflowStates: teams.body.data.workflowStates.nodes.length,
      webhooks: 0,
      materializedIssues: 0,
    });
  });

  it('serves a 20,000-issue workspace whole through pagination', async () => {
    const h = await startLinear({ seed: 77, size: 20_000 });
    const rows = await everyIssue(h, 'id createdAt');
    const live = await h.gql('{ issues(first: 1) { nodes { id } } }');
    await h.close();
    expect(rows).toHaveLength(20_000);
    expect(new Set(rows.map((r) => r['id'])).size).toBe(20_000);
    // Larger workspaces cover longer histories: 20,000 issues span about five months.
    expect(NOW.getTime() - Math.min(...rows.map((r) => Date.parse(r['createdAt'])))).toBeGreaterThan(
      150 * DAY,
    );
    expect(live.body.data.issues.nodes).toHaveLength(1);
  });

  it('encodes ids reversibly per kind', () => {
    const codec = createIdCodec(123);
    const id = codec.encode('comment', 4242, 7);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(codec.decode('comment', id)).toEqual({ a: 4242, b: 7 });
    expect(codec.decode('issue', id)).toBeNull();
    expect(createIdCodec(124).decode('comment', id)).toBeNull();
    expect(codec.encode('issue', 1)).not.toBe(codec.encode('issue', 2));
  });

  it('reads DateTimeOrDuration values as Linear documents them', () => {
    const now = Date.parse('2026-06-01T12:00:00.000Z');
    expect(parseDateTimeOrDuration('-P2W1D', now)).toBe(now - 15 * DAY);
    expect(parseDateTimeOrDuration('PT36H', now)).toBe(now + 36 * 3_600_000);
    expect(parseDateTimeOrDuration('2021', now)).toBe(Date.parse('2021-01-01T00:00:00.000Z'));
    expect(parseDateTimeOrDuration('2026-05-01T10:00:00.000Z', now)).toBe(
      Date.parse('2026-05-01T10:00:00.000Z'),
    );
    expect(parseDateTimeOrDuration('yesterday', now)).toBeNaN();
  });
});

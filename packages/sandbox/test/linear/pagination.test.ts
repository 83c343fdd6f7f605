/* eslint-disable @typescript-eslint/no-unsafe-call -- GraphQL answers are JSON read by shape; the executor already typed them against the schema. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinear, type Harness } from './helpers.ts';

interface Row {
  id: string;
  createdAt: string;
  updatedAt: string;
  priority: number;
  archivedAt: string | null;
  team: { key: string };
  state: { type: string };
  assignee: { id: string } | null;
}

const FIELDS = 'id createdAt updatedAt priority archivedAt team { key } state { type } assignee { id }';

/** Pages a query's `issues` connection to its end the way a sync engine does; returns the rows in answer order. */
async function pageAll(
  h: Harness,
  args: string,
  variables: Record<string, unknown> = {},
  first = 100,
): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const res = await h.gql(
      `query Sync($after: String${args.includes('$since') ? ', $since: DateTimeOrDuration' : ''}) {
        issues(first: ${first}, after: $after${args}) { nodes { ${FIELDS} } pageInfo { hasNextPage endCursor } }
      }`,
      { ...variables, after },
    );
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data.issues;
    rows.push(...(page.nodes as Row[]));
    if (!page.pageInfo.hasNextPage) return rows;
    after = page.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

let h: Harness;
let all: Row[];
beforeAll(async () => {
  h = await startLinear({ seed: 21, size: 1500 });
  // Archive one issue so includeArchived matters.
  const first = await h.gql('{ issues(first: 1) { nodes { id } } }');
  await h.gql('mutation($id: String!) { issueArchive(id: $id) { success } }', {
    id: first.body.data.issues.nodes[0].id,
  });
  all = await pageAll(h, ', includeArchived: true');
});
afterAll(async () => {
  await h.close();
});

describe('Linear sandbox pagination and filters', () => {
  it('visits every issue exactly once, newest first, in both orders', async () => {
    expect(all).toHaveLength(1500);
    expect(new Set(all.map((r) => r.id)).size).toBe(1500);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.createdAt >= all[i]!.createdAt).toBe(true);
    const byUpdated = await pageAll(h, ', orderBy: updatedAt, includeArchived: true', {}, 250);
    expect(new Set(byUpdated.map((r) => r.id))).toEqual(new Set(all.map((r) => r.id)));
    for (let i = 1; i < byUpdated.length; i++)
      expect(byUpdated[i - 1]!.updatedAt >= byUpdated[i]!.updatedAt).toBe(true);
  });

  it('leaves archived issues out unless includeArchived is set', async () => {
    const live = await pageAll(h, '');
    expect(live.map((r) => r.id).sort()).toEqual(
      all
        .filter((r) => r.archivedAt === null)
        .map((r) => r.id)
        .sort(),
    );
    expect(live).toHaveLength(1499);
  });

  it('filters on updatedAt with gt and gte exactly', async () => {
    const pivot = [...all].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))[1000]!.updatedAt;
    const gt = await pageAll(
      h,
      ', orderBy: updatedAt, includeArchived: true, filter: { updatedAt: { gt: $since } }',
      { since: pivot },
    );
    const gte = await pageAll(
      h,
      ', orderBy: updatedAt, includeArchived: true, filter: { updatedAt: { gte: $since } }',
      { since: pivot },
    );
    expect(gt.map((r) => r.id).sort()).toEqual(
      all
        .filter((r) => r.updatedAt > pivot)
        .map((r) => r.id)
        .sort(),
    );
    expect(gte.map((r) => r.id).sort()).toEqual(
      all
        .filter((r) => r.updatedAt >= pivot)
        .map((r) => r.id)
        .sort(),
    );
    expect(gte.length - gt.length).toBeGreaterThanOrEqual(1);
  });

  it('accepts ISO 8601 durations relative to now', async () => {
    const recent = await pageAll(h, ', includeArchived: true, filter: { createdAt: { gte: "-P14D" } }');
    const since = new Date(Date.parse('2026-06-01T12:00:00.000Z') - 14 * 86_400_000).toISOString();
    expect(recent.map((r) => r.id).sort()).toEqual(
      all
        .filter((r) => r.createdAt >= since)
        .map((r) => r.id)
        .sort(),
    );
    expect(recent.length).toBeGreaterThan(0);
  });

  it('filters by team key, state type, priority and missing assignee, with and/or', async () => {
    const des = await pageAll(h, ', includeArchived: true, filter: { team: { key: { eq: "DES" } } }');
    expect(des.map((r) => r.id).sort()).toEqual(
      all
        .filter((r) => r.team.key === 'DES')
        .map((r) => r.id)
        .sort(),
    );
    const mixed = await pageAll(
      h,
      `, includeArchived: true, filter: {
        and: [{ state: { type: { in: ["started", "unstarted"] } } }, { assignee: { null: true } }],
        or: [{ priority: { lte: 2, gte: 1 } }, { team: { key: { eq: "OPS" } } }]
      }`,
    );
    const expected = all.filter(
      (r) =>
        ['started', 'unstarted'].includes(r.state.type) &&
        r.assignee === null &&
        ((r.priority >= 1 && r.priority <= 2) || r.team.key === 'OPS'),
    );
    expect(mixed.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(des.length).toBeGreaterThan(0);
  });

  it('refuses an unsupported filter field instead of ignoring it', async () => {
    const res = await h.gql('{ issues(filter: { dueDate: { null: true } }) { nodes { id } } }');
    expect(res.status).toBe(200);
    expect(res.body.errors[0].extensions.code).toBe('INPUT_ERROR');
    expect(res.body.errors[0].message).toBe('Filter filter.dueDate is not supported by the Linear sandbox');
  });

  it('pages 50 by default and refuses more than 250 before executing', async () => {
    const byDefault = await h.gql('{ issues { nodes { id } pageInfo { hasNextPage } } }');
    expect(byDefault.body.data.issues.nodes).toHaveLength(50);
    const max = await h.gql('{ issues(first: 250) { nodes { id } } }');
    expect(max.body.data.issues.nodes).toHaveLength(250);
    for (const [query, variables] of [
      ['{ issues(first: 251) { nodes { id } } }', {}],
      ['query($n: Int) { teams { nodes { issues(first: $n) { nodes { id } } } } }', { n: 300 }],
    ] as const) {
      const res = await h.gql(query, variables);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: [
          {
            message: 'Argument Validation Error',
            extensions: {
              type: 'invalid input',
              code: 'INPUT_ERROR',
              statusCode: 400,
              userError: true,
              userPresentableMessage: 'first must be less than or equal to 250',
            },
          },
        ],
      });
    }
  });

  it('pages backwards with last and before', async () => {
    const forward = await h.gql('{ issues(first: 20) { nodes { id } } }');
    const ids = forward.body.data.issues.nodes.map((n: { id: string }) => n.id) as string[];
    const back = await h.gql(
      'query($before: String) { issues(last: 5, before: $before) { nodes { id } pageInfo { hasPreviousPage hasNextPage } } }',
      {
        before: ids[15],
      },
    );
    expect(back.body.data.issues).toEqual({
      nodes: ids.slice(10, 15).map((id) => ({ id })),
      pageInfo: { hasPreviousPage: true, hasNextPage: true },
    });
  });

  it('refuses a cursor that names no issue', async () => {
    const res = await h.gql('{ issues(after: "not-a-cursor") { nodes { id } } }');
    expect(res.body.errors[0].message).toBe('Invalid cursor: not-a-cursor');
    expect(res.body.errors[0].extensions.code).toBe('INPUT_ERROR');
  });

  it("pages a team's issues within the team", async () => {
    const res = await h.gql(
      '{ team(id: "OPS") { key issues(first: 250, includeArchived: true) { nodes { team { key } } pageInfo { hasNextPage } } } }',
    );
    const ops = all.filter((r) => r.team.key === 'OPS').length;
    expect(res.body.data.team.issues.nodes).toHaveLength(Math.min(ops, 250));
    expect(
      res.body.data.team.issues.nodes.every((n: { team: { key: string } }) => n.team.key === 'OPS'),
    ).toBe(true);
    expect(res.body.data.team.issues.pageInfo.hasNextPage).toBe(ops > 250);
  });
});

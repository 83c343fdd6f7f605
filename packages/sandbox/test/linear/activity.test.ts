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

describe('Linear sandbox comments, archiving and sandbox mutations', () => {
  it('adds comments and replies that bump the issue', async () => {
    const list = await h.gql('{ issues(first: 1) { nodes { id identifier } } }');
    const issue = list.body.data.issues.nodes[0];
    h.advance(5000);
    const first = await h.gql(
      'mutation($input: CommentCreateInput!) { commentCreate(input: $input) { success comment { id body user { id } issue { id } parent { id } createdAt } } }',
      {
        input: { issueId: issue.identifier, body: 'Seen on staging too.' },
      },
    );
    const viewer = await h.gql('{ viewer { id } }');
    expect(first.body.data.commentCreate).toEqual({
      success: true,
      comment: {
        id: expect.any(String),
        body: 'Seen on staging too.',
        user: { id: viewer.body.data.viewer.id },
        issue: { id: issue.id },
        parent: null,
        createdAt: '2026-06-01T12:00:05.000Z',
      },
    });
    const reply = await h.gql(
      'mutation($input: CommentCreateInput!) { commentCreate(input: $input) { comment { parent { id } } } }',
      {
        input: {
          issueId: issue.id,
          body: 'Fixed by the last deploy.',
          parentId: first.body.data.commentCreate.comment.id,
        },
      },
    );
    expect(reply.body.data.commentCreate.comment.parent).toEqual({
      id: first.body.data.commentCreate.comment.id,
    });
    const read = await h.gql(
      'query($id: String!) { issue(id: $id) { updatedAt comments(first: 2) { nodes { body } } } }',
      { id: issue.id },
    );
    expect(read.body.data.issue).toEqual({
      updatedAt: '2026-06-01T12:00:05.001Z',
      comments: { nodes: [{ body: 'Fixed by the last deploy.' }, { body: 'Seen on staging too.' }] },
    });
    const root = await h.gql(
      '{ comments(first: 2, filter: { updatedAt: { gt: "2026-06-01T12:00:00.000Z" } }) { nodes { body } pageInfo { hasNextPage } } }',
    );
    expect(root.body.data.comments).toEqual({
      nodes: [{ body: 'Fixed by the last deploy.' }, { body: 'Seen on staging too.' }],
      pageInfo: { hasNextPage: false },
    });
  });

  it('archives and trashes issues out of default lists', async () => {
    const list = await h.gql('{ issues(first: 2) { nodes { id } } }');
    const [a, b] = list.body.data.issues.nodes.map((n: { id: string }) => n.id);
    await h.gql('mutation($id: String!) { issueArchive(id: $id) { success } }', { id: a });
    const deleted = await h.gql(
      'mutation($id: String!) { issueDelete(id: $id) { success entity { trashed archivedAt } } }',
      { id: b },
    );
    expect(deleted.body.data.issueDelete).toEqual({
      success: true,
      entity: { trashed: true, archivedAt: '2026-06-01T12:00:00.001Z' },
    });
    const live = await h.gql('{ issues(first: 250) { nodes { id } } }');
    const ids = live.body.data.issues.nodes.map((n: { id: string }) => n.id);
    expect(ids).not.toContain(a);
    expect(ids).not.toContain(b);
    const withArchived = await h.gql(
      '{ issues(first: 2, includeArchived: true, orderBy: updatedAt) { nodes { id archivedAt } } }',
    );
    expect(withArchived.body.data.issues.nodes.map((n: { id: string }) => n.id)).toEqual([b, a]);
  });

  it('applies sandbox mutate commands as changes later reads see', async () => {
    h.advance(1000);
    const touched = h.service.mutate({ action: 'touch', count: 5 });
    const created = h.service.mutate({ action: 'create', count: 3 });
    const deleted = h.service.mutate({ action: 'delete', count: 2 });
    expect(touched.changed).toHaveLength(5);
    expect(created.changed).toHaveLength(3);
    expect(deleted.changed).toHaveLength(2);
    const changed = await h.gql(
      '{ issues(first: 250, includeArchived: true, orderBy: updatedAt, filter: { updatedAt: { gt: "2026-06-01T12:00:00.000Z" } }) { nodes { identifier trashed } } }',
    );
    const identifiers = changed.body.data.issues.nodes.map((n: { identifier: string }) => n.identifier);
    expect(new Set(identifiers)).toEqual(
      new Set([...touched.changed, ...created.changed, ...deleted.changed]),
    );
    const trashed = changed.body.data.issues.nodes.filter(
      (n: { trashed: boolean | null }) => n.trashed === true,
    );
    expect(trashed.map((n: { identifier: string }) => n.identifier).sort()).toEqual(
      [...deleted.changed].sort(),
    );
    expect(h.service.stats()['issues']).toBe(303);
  });
});

import { describe, expect, it } from 'vitest';
import { instanceMappingSchema } from '../../src/sources/normalize/instance-mapping.ts';
import { normalizeItem } from '../../src/sources/normalize/normalize.ts';
import type { SourceType } from '../../src/sources/source-type.ts';

const item = (over: Partial<Parameters<typeof normalizeItem>[1]> = {}) => ({
  status: { name: 'To Do', category: 'new' },
  type: 'Task',
  priority: null,
  labels: [],
  hasParent: false,
  ...over,
});

describe('normalization defaults per source', () => {
  it.each<[SourceType, { name: string; category: string }, string[], string]>([
    ['jira', { name: 'To Do', category: 'new' }, [], 'open'],
    ['jira', { name: 'In Review', category: 'indeterminate' }, [], 'in_progress'],
    ['jira', { name: 'Done', category: 'done' }, [], 'done'],
    ['linear', { name: 'Triage', category: 'triage' }, [], 'open'],
    ['linear', { name: 'Backlog', category: 'backlog' }, [], 'open'],
    ['linear', { name: 'In Progress', category: 'started' }, [], 'in_progress'],
    ['linear', { name: 'Done', category: 'completed' }, [], 'done'],
    ['linear', { name: 'Canceled', category: 'canceled' }, [], 'closed'],
    ['linear', { name: 'Duplicate', category: 'duplicate' }, [], 'closed'],
    ['github', { name: 'open', category: 'open' }, [], 'open'],
    ['github', { name: 'open', category: 'open' }, ['in progress'], 'in_progress'],
    ['github', { name: 'closed', category: 'closed' }, [], 'done'],
    ['github', { name: 'merged', category: 'merged' }, [], 'done'],
    ['github', { name: 'closed', category: 'closed_not_planned' }, [], 'closed'],
    ['asana', { name: 'Backlog', category: 'incomplete' }, [], 'open'],
    ['asana', { name: 'In Progress', category: 'incomplete' }, [], 'in_progress'],
    ['asana', { name: 'Review', category: 'incomplete' }, [], 'in_progress'],
    ['asana', { name: 'Done', category: 'completed' }, [], 'done'],
  ])('%s %j with labels %j is %s', (source, status, labels, expected) => {
    expect(normalizeItem(source, item({ status, labels }), {}).status).toBe(expected);
  });

  it.each<[SourceType, string, string[], boolean, string]>([
    ['jira', 'Bug', [], false, 'bug'],
    ['jira', 'Story', [], false, 'story'],
    ['jira', 'Epic', [], false, 'epic'],
    ['jira', 'Sub-task', [], true, 'subtask'],
    ['jira', 'Task', [], false, 'task'],
    ['github', 'pull_request', [], false, 'pr'],
    ['github', 'issue', ['bug'], false, 'bug'],
    ['github', 'issue', [], false, 'issue'],
    ['linear', 'issue', [], true, 'subtask'],
    ['linear', 'issue', ['Bug'], false, 'bug'],
    ['asana', 'task', [], true, 'subtask'],
    ['asana', 'task', [], false, 'task'],
  ])('%s type %s (labels %j, parent %s) is %s', (source, type, labels, hasParent, expected) => {
    expect(normalizeItem(source, item({ type, labels, hasParent }), {}).type).toBe(expected);
  });

  it.each<[SourceType, string | null, string[], string]>([
    ['jira', 'Highest', [], 'critical'],
    ['jira', 'High', [], 'high'],
    ['jira', 'Medium', [], 'medium'],
    ['jira', 'Lowest', [], 'low'],
    ['linear', '1', [], 'critical'],
    ['linear', '2', [], 'high'],
    ['linear', '3', [], 'medium'],
    ['linear', '4', [], 'low'],
    ['linear', '0', [], 'none'],
    ['github', null, ['priority: high'], 'high'],
    ['github', null, ['P0'], 'critical'],
    ['github', null, [], 'none'],
    ['asana', 'Low', [], 'low'],
  ])('%s priority %s (labels %j) is %s', (source, priority, labels, expected) => {
    expect(normalizeItem(source, item({ priority, labels }), {}).priority).toBe(expected);
  });
});

describe('per-instance mapping', () => {
  it('overrides the defaults by the source’s own value, case-insensitively', () => {
    const mapping = instanceMappingSchema.parse({
      status: { 'in review': 'done' },
      type: { INCIDENT: 'bug' },
      priority: { P9: 'low' },
    });
    expect(
      normalizeItem(
        'jira',
        item({ status: { name: 'In Review', category: 'indeterminate' }, type: 'Incident', priority: 'p9' }),
        mapping,
      ),
    ).toEqual({ status: 'done', type: 'bug', priority: 'low' });
  });

  it('refuses values outside the normalized sets, unknown tables and oversized tables', () => {
    expect(instanceMappingSchema.safeParse({ status: { QA: 'testing' } }).success).toBe(false);
    expect(instanceMappingSchema.safeParse({ colour: {} }).success).toBe(false);
    expect(instanceMappingSchema.safeParse({ status: { '': 'open' } }).success).toBe(false);
    const big = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`s${i}`, 'open']));
    expect(instanceMappingSchema.safeParse({ status: big }).success).toBe(false);
  });
});

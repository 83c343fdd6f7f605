import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { buildPeople } from '../../src/jira/catalog/people.ts';
import { PROJECTS } from '../../src/jira/catalog/projects.ts';
import { IN_PROGRESS, STATUSES } from '../../src/jira/catalog/workflow.ts';
import { emptyWorld, generateIssues } from '../../src/jira/data/generate.ts';
import { sprintAt } from '../../src/jira/data/sprints.ts';
import { JiraStore } from '../../src/jira/data/store.ts';
import { summaryOf } from '../../src/jira/data/derive.ts';
import { JqlError } from '../../src/jira/jql/ast.ts';
import { compileJql } from '../../src/jira/jql/compile.ts';
import { DAY, fromLocal } from '../../src/jira/time.ts';

const NOW = Date.parse('2026-06-01T10:00:00.000Z');
let store: JiraStore;

function select(jql: string, currentUser = 0): number[] {
  const q = compileJql(jql, { store, currentUser, nowMs: NOW });
  const out: number[] = [];
  for (let i = 0; i < store.table.count; i++) if (q.matches(i)) out.push(i);
  return out;
}

/** The oracle: the same selection written directly against the issue table. */
function where(test: (i: number, t: JiraStore['table']) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < store.table.count; i++) if (test(i, store.table)) out.push(i);
  return out;
}

function errorOf(jql: string): string {
  try {
    compileJql(jql, { store, currentUser: 0, nowMs: NOW });
  } catch (error) {
    if (error instanceof JqlError) return error.message;
    throw error;
  }
  return 'no error';
}

const project = (key: string): number => PROJECTS.find((p) => p.key === key)?.index ?? -1;

beforeAll(() => {
  const world = emptyWorld(buildPeople(), 3000, NOW);
  generateIssues(world, 1500, createRng(11).fork('jira'));
  store = new JiraStore(world);
});

describe('JQL selection matches the issue table', () => {
  it('project, status, statusCategory and boolean structure', () => {
    const pay = project('PAY');
    const web = project('WEB');
    expect(select('project = PAY AND status = "In Progress"')).toEqual(
      where((i, t) => t.project[i] === pay && t.status[i] === IN_PROGRESS),
    );
    expect(select('project in (PAY, web) AND statusCategory = done')).toEqual(
      where(
        (i, t) =>
          (t.project[i] === pay || t.project[i] === web) && STATUSES[t.status[i] ?? 0]?.category === 'done',
      ),
    );
    // AND binds tighter than OR; NOT and parentheses as usual.
    expect(select('project = PAY OR project = WEB AND statusCategory != done')).toEqual(
      where(
        (i, t) =>
          t.project[i] === pay || (t.project[i] === web && STATUSES[t.status[i] ?? 0]?.category !== 'done'),
      ),
    );
    expect(select('NOT (project = PAY OR project = WEB) AND issuetype = Bug')).toEqual(
      where((i, t) => t.project[i] !== pay && t.project[i] !== web && t.type[i] === 3),
    );
    expect(
      select('project = PAY && priority in (Highest, High) || project = OPS AND priority = Lowest'),
    ).toEqual(
      where(
        (i, t) =>
          (t.project[i] === pay && (t.priority[i] ?? 9) <= 1) ||
          (t.project[i] === project('OPS') && t.priority[i] === 4),
      ),
    );
  });

  it('assignee with currentUser(), EMPTY and the exclusion of empty values by != and NOT IN', () => {
    const maria = store.people.findIndex((p) => p.displayName === 'Maria Novak');
    expect(select('assignee = currentUser()', maria)).toEqual(where((i, t) => t.assignee[i] === maria));
    expect(select('assignee is EMPTY')).toEqual(where((i, t) => t.assignee[i] === -1));
    expect(select('assignee = EMPTY')).toEqual(where((i, t) => t.assignee[i] === -1));
    expect(select('assignee is not EMPTY')).toEqual(where((i, t) => t.assignee[i] !== -1));
    expect(select('assignee != "Maria Novak"')).toEqual(
      where((i, t) => t.assignee[i] !== -1 && t.assignee[i] !== maria),
    );
    expect(select(`assignee not in (${store.people[maria]?.accountId ?? ''})`)).toEqual(
      where((i, t) => t.assignee[i] !== -1 && t.assignee[i] !== maria),
    );
    expect(select('assignee in (EMPTY, currentUser())', maria)).toEqual(
      where((i, t) => t.assignee[i] === -1 || t.assignee[i] === maria),
    );
    expect(select('assignee is EMPTY').length).toBeGreaterThan(0);
  });

  it('dates: absolute in the site time zone, with minutes, relative periods and functions', () => {
    const may1 = fromLocal(2026, 5, 1);
    expect(may1).toBe(Date.parse('2026-04-30T22:00:00.000Z'));
    expect(select('updated >= "2026-05-01"')).toEqual(where((i, t) => (t.updated[i] ?? 0) >= may1));
    expect(select('updated >= "2026/05/01 13:30" AND updated < "2026-05-20"')).toEqual(
      where(
        (i, t) =>
          (t.updated[i] ?? 0) >= fromLocal(2026, 5, 1, 13, 30) &&
          (t.updated[i] ?? 0) < fromLocal(2026, 5, 20),
      ),
    );
    expect(select('created > -30d')).toEqual(where((i, t) => (t.created[i] ?? 0) > NOW - 30 * DAY));
    expect(select('created <= "-2w 3d"')).toEqual(where((i, t) => (t.created[i] ?? 0) <= NOW - 17 * DAY));
    expect(select('updated >= startOfDay(-7d)').length).toBeGreaterThan(0);
    expect(select('resolved is EMPTY')).toEqual(where((i, t) => Number.isNaN(t.resolved[i])));
    expect(select('resolution = Unresolved')).toEqual(where((i, t) => Number.isNaN(t.resolved[i])));
    expect(select('created > -30d').length).toBeGreaterThan(0);
  });

  it('labels, text and key', () => {
    expect(select('labels = backend')).toEqual(where((i) => store.labelsOf(i).includes('backend')));
    expect(select('labels is EMPTY')).toEqual(where((i) => store.labelsOf(i).length === 0));
    expect(select('labels not in (backend, api)')).toEqual(
      where(
        (i) =>
          store.labelsOf(i).length > 0 &&
          !store.labelsOf(i).includes('backend') &&
          !store.labelsOf(i).includes('api'),
      ),
    );
    const checkout = select('summary ~ "checkout"');
    expect(checkout.length).toBeGreaterThan(0);
    expect(checkout).toEqual(where((i) => /\bcheckout\b/i.test(summaryOf(store, i))));
    expect(select('summary ~ "timing out"')).toEqual(
      where((i) => /\btimes out\b/i.test(summaryOf(store, i))),
    );
    expect(select('key in (PAY-1, PAY-2)')).toEqual(
      [store.find('PAY-1'), store.find('PAY-2')].sort((a, b) => a - b),
    );
  });

  it('sprints: by id, open, closed and future sprints, EMPTY', () => {
    const current = sprintAt(NOW);
    const open = select('sprint in openSprints()');
    expect(open.length).toBeGreaterThan(0);
    expect(open).toEqual(where((i, t) => t.sprint[i] === current));
    expect(select('sprint in closedSprints()')).toEqual(
      where((i, t) => (t.sprint[i] ?? -1) >= 0 && (t.sprint[i] ?? 0) < current),
    );
    expect(select('sprint in futureSprints()')).toEqual(where((i, t) => (t.sprint[i] ?? -1) > current));
    expect(select('sprint is EMPTY')).toEqual(where((i, t) => t.sprint[i] === -1));
    const pay = project('PAY');
    expect(select(`sprint = ${(pay + 1) * 1000 + current}`)).toEqual(
      where((i, t) => t.project[i] === pay && t.sprint[i] === current),
    );
  });

  it('top-level restrictions feed the planner', () => {
    const q = compileJql(
      'project = PAY AND updated >= "2026-05-01" AND updated < "2026-05-03" ORDER BY updated ASC',
      {
        store,
        currentUser: 0,
        nowMs: NOW,
      },
    );
    expect(q.projects).toEqual([project('PAY')]);
    expect(q.updated).toEqual({ lo: fromLocal(2026, 5, 1), hi: fromLocal(2026, 5, 3) });
    expect(q.order).toEqual([{ field: 'updated', direction: 'asc' }]);
    expect(compileJql('order by key desc', { store, currentUser: 0, nowMs: NOW }).bounded).toBe(false);
    expect(
      compileJql('project = PAY OR project = WEB', { store, currentUser: 0, nowMs: NOW }).projects,
    ).toBeNull();
  });
});

describe('JQL errors carry Jira messages', () => {
  it.each([
    [
      'project = = PAY',
      "Error in the JQL Query: Expecting either a value, list or function but got '='. (line 1, character 11)",
    ],
    [
      'project = PAY AND',
      'Error in the JQL Query: Expecting a field name but got the end of the query. (line 1, character 18)',
    ],
    [
      'project PAY',
      "Error in the JQL Query: Expecting operator but got 'PAY'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)",
    ],
    [
      'summary ~ "open',
      "Error in the JQL Query: The quoted string 'open' has not been completed. (line 1, character 11)",
    ],
    [
      'project = PAY foo',
      "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 15)",
    ],
    [
      '(project = PAY',
      "Error in the JQL Query: Expecting ')' but got the end of the query. (line 1, character 15)",
    ],
    [
      'status = AND',
      "Error in the JQL Query: Expecting either a value, list or function but got 'AND'. You must surround 'AND' in quotation marks to use it as a value. (line 1, character 10)",
    ],
    ['project = NOPE', "The value 'NOPE' does not exist for the field 'project'."],
    ['colour = red', "Field 'colour' does not exist or you do not have permission to view it."],
    ['project ~ PAY', "The operator '~' is not supported by the 'project' field."],
    [
      'updated > "yesterday"',
      "Date value 'yesterday' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
    ],
    ['assignee = membersOf(devs)', "Unable to find JQL function 'membersOf()'. (field 'assignee')"],
    [
      'project = PAY ORDER BY colour',
      "Field 'colour' does not exist or you do not have permission to view it.",
    ],
  ])('%s', (jql, message) => {
    expect(errorOf(jql)).toBe(message);
  });
});

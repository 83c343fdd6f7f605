import { handItem, randomHistories, type HandItem, type ItemHistory, type RandomProject } from './history.ts';

type Transition = NonNullable<HandItem['transitions']>[number];

/** The hand-written scope: March 2024, with PAY's history starting in February. */
export const HAND_SCOPE = { projectKeys: ['PAY', 'OLD', 'NONE'], from: '2024-03-01', to: '2024-03-31' };

/** One tenant's hand-written histories; each call makes fresh ids. */
export function handWrittenHistories(): ItemHistory[] {
  return [
    // Created, in progress, done (lead 75 h).
    handItem({
      key: 'PAY-1',
      team: 'core',
      created: '2024-03-02T09:00:00Z',
      transitions: [
        ['open', 'in_progress', '2024-03-03T10:00:00Z'],
        ['in_progress', 'done', '2024-03-05T12:00:00Z'],
      ],
    }),
    // Done, reopened, closed (lead 464 h, across 29 February).
    handItem({
      key: 'PAY-2',
      team: 'core',
      created: '2024-02-20T08:00:00Z',
      transitions: [
        [null, 'in_progress', '2024-02-21T09:00:00Z'],
        ['in_progress', 'done', '2024-03-02T15:00:00Z'],
        ['done', 'in_progress', '2024-03-04T11:00:00Z'],
        ['in_progress', 'closed', '2024-03-10T16:00:00Z'],
      ],
    }),
    // In progress for weeks, unassigned: stuck from before the scope starts.
    handItem({
      key: 'PAY-3',
      team: 'web',
      assignee: null,
      created: '2024-02-10T06:00:00Z',
      transitions: [['open', 'in_progress', '2024-02-12T06:00:00Z']],
    }),
    // Enters in_progress at the last microsecond of a day: wip that day, stuck exactly 14 days later only
    // from the next day on (entered_at + 14 days is the end of 19 March, not before it).
    handItem({
      key: 'PAY-4',
      created: '2024-03-05T08:00:00Z',
      transitions: [['open', 'in_progress', '2024-03-05T23:59:59.999999Z']],
    }),
    // Transitions at exact midnights: in progress at the end of 7 March only.
    handItem({
      key: 'PAY-5',
      created: '2024-03-06T09:00:00Z',
      transitions: [
        ['open', 'in_progress', '2024-03-07T00:00:00Z'],
        ['in_progress', 'done', '2024-03-08T00:00:00Z'],
      ],
    }),
    // Created in progress (its first transition's from_status), unassigned.
    handItem({
      key: 'PAY-6',
      team: 'web',
      assignee: null,
      created: '2024-03-06T12:00:00Z',
      transitions: [['in_progress', 'done', '2024-03-09T12:00:00Z']],
    }),
    // No transitions: its current status (in_progress) since created_at.
    handItem({ key: 'PAY-7', assignee: null, status: 'in_progress', created: '2024-03-12T10:00:00Z' }),
    handItem({ key: 'PAY-8', status: 'open', created: '2024-03-15T10:00:00Z' }),
    // Deleted: never counted, its closing neither.
    handItem({
      key: 'PAY-9',
      deleted: true,
      created: '2024-03-03T10:00:00Z',
      transitions: [
        ['open', 'done', '2024-03-04T10:00:00Z'],
        ['done', 'in_progress', '2024-03-06T10:00:00Z'],
      ],
    }),
    // In and out of progress within one day: never wip.
    handItem({
      key: 'PAY-10',
      team: 'core',
      created: '2024-03-11T08:00:00Z',
      transitions: [
        ['open', 'in_progress', '2024-03-11T09:00:00Z'],
        ['in_progress', 'done', '2024-03-11T17:00:00Z'],
      ],
    }),
    // done → closed is no closing; closed → open is a reopening.
    handItem({
      key: 'PAY-11',
      team: 'web',
      created: '2024-03-12T08:00:00Z',
      transitions: [
        ['open', 'done', '2024-03-13T09:00:00Z'],
        ['done', 'closed', '2024-03-14T09:00:00Z'],
        ['closed', 'open', '2024-03-16T09:00:00Z'],
      ],
    }),
    // Created after the scope.
    handItem({ key: 'PAY-12', created: '2024-04-02T10:00:00Z' }),
    // Leaves in_progress after the scope.
    handItem({
      key: 'PAY-13',
      team: 'core',
      created: '2024-03-20T10:00:00Z',
      transitions: [
        ['open', 'in_progress', '2024-03-21T10:00:00Z'],
        ['in_progress', 'done', '2024-04-05T10:00:00Z'],
      ],
    }),
    // Team '' counts in the all-items row only (it is that row's key).
    handItem({
      key: 'PAY-14',
      team: '',
      assignee: null,
      created: '2024-03-08T10:00:00Z',
      transitions: [[null, 'in_progress', '2024-03-08T10:00:00Z']],
    }),
    // Created at midnight; in_progress → in_progress moves "entered at" (stuck from 24 March, not 15 March).
    handItem({
      key: 'PAY-15',
      created: '2024-03-01T00:00:00Z',
      transitions: [
        ['open', 'in_progress', '2024-03-01T01:00:00Z'],
        ['in_progress', 'in_progress', '2024-03-10T01:00:00Z'],
      ],
    }),
    // A closing from a null from_status, then reopened to open.
    handItem({
      key: 'PAY-16',
      created: '2024-03-17T10:00:00Z',
      transitions: [
        [null, 'done', '2024-03-18T10:00:00Z'],
        ['done', 'open', '2024-03-19T10:00:00Z'],
      ],
    }),
    // Three closings on 11 March (leads 9, 240 and 25 h).
    handItem({
      key: 'PAY-17',
      team: 'core',
      created: '2024-03-01T11:00:00Z',
      transitions: [['open', 'done', '2024-03-11T11:00:00Z']],
    }),
    handItem({
      key: 'PAY-18',
      team: 'web',
      created: '2024-03-10T11:00:00Z',
      transitions: [
        ['open', 'in_progress', '2024-03-10T12:00:00Z'],
        ['in_progress', 'closed', '2024-03-11T12:00:00Z'],
      ],
    }),
    // A history entry dated before created_at (clock skew, imports): counted from created_at only.
    handItem({
      key: 'PAY-19',
      created: '2024-03-15T10:00:00Z',
      transitions: [['open', 'in_progress', '2024-03-12T10:00:00Z']],
    }),
    // Out of scope, and a project whose only item is deleted.
    handItem({ key: 'OPS-1', projectKey: 'OPS', status: 'in_progress', created: '2024-03-01T10:00:00Z' }),
    handItem({
      key: 'OLD-1',
      projectKey: 'OLD',
      deleted: true,
      status: 'in_progress',
      created: '2024-03-01T10:00:00Z',
    }),
  ];
}

/** Another tenant's items under the same project key: never counted for the first tenant. */
export function otherTenantHistories(): ItemHistory[] {
  return [1, 2, 3].map((n) =>
    handItem({
      key: `PAY-${n}`,
      team: 'core',
      assignee: null,
      created: '2024-03-01T10:00:00Z',
      transitions: [
        ['open', 'in_progress', '2024-03-02T10:00:00Z'],
        ...(n === 1 ? [['in_progress', 'done', '2024-03-05T10:00:00Z'] satisfies Transition] : []),
      ],
    }),
  );
}

export const RANDOM_PROJECTS: RandomProject[] = [
  { key: 'ALPHA', teams: [null, 'red', 'blue', 'red'], firstDay: '2024-01-01', spanDays: 100 },
  { key: 'BETA', teams: [null], firstDay: '2024-02-15', spanDays: 60 },
  { key: 'GAMMA', teams: ['red'], firstDay: '2024-01-01', spanDays: 100 },
];

export function randomTenantHistories(seed: number, count: number): ItemHistory[] {
  return randomHistories(seed, count, RANDOM_PROJECTS);
}

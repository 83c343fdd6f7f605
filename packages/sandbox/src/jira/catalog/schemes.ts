/** Issue types, priorities, link types, labels and the resolution: the instance-wide schemes. */

export const EPIC = 0;
export const STORY = 1;
export const TASK = 2;
export const BUG = 3;
export const SUBTASK = 4;

export interface IssueTypeDef {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly subtask: boolean;
  readonly hierarchyLevel: number;
  readonly avatarId: number;
}

export const ISSUE_TYPES: readonly IssueTypeDef[] = [
  {
    index: EPIC,
    id: '10000',
    name: 'Epic',
    description: 'A big user story that needs to be broken down.',
    subtask: false,
    hierarchyLevel: 1,
    avatarId: 10307,
  },
  {
    index: STORY,
    id: '10001',
    name: 'Story',
    description: 'Functionality or a feature expressed as a user goal.',
    subtask: false,
    hierarchyLevel: 0,
    avatarId: 10315,
  },
  {
    index: TASK,
    id: '10002',
    name: 'Task',
    description: 'A small, distinct piece of work.',
    subtask: false,
    hierarchyLevel: 0,
    avatarId: 10318,
  },
  {
    index: BUG,
    id: '10003',
    name: 'Bug',
    description: 'A problem or error.',
    subtask: false,
    hierarchyLevel: 0,
    avatarId: 10303,
  },
  {
    index: SUBTASK,
    id: '10004',
    name: 'Sub-task',
    description: 'A small piece of work that is part of a larger task.',
    subtask: true,
    hierarchyLevel: -1,
    avatarId: 10316,
  },
];

export interface PriorityDef {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly statusColor: string;
}

/** Index 0 is the most urgent; JQL `ORDER BY priority DESC` lists it first. */
export const PRIORITIES: readonly PriorityDef[] = [
  { index: 0, id: '1', name: 'Highest', statusColor: '#d04437' },
  { index: 1, id: '2', name: 'High', statusColor: '#f15C75' },
  { index: 2, id: '3', name: 'Medium', statusColor: '#f79232' },
  { index: 3, id: '4', name: 'Low', statusColor: '#707070' },
  { index: 4, id: '5', name: 'Lowest', statusColor: '#999999' },
];
export const DEFAULT_PRIORITY = 2;

export interface LinkTypeDef {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly inward: string;
  readonly outward: string;
}

export const LINK_TYPES: readonly LinkTypeDef[] = [
  { index: 0, id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { index: 1, id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { index: 2, id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { index: 3, id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
];

/** Labels the generator uses; a bit per label in the issue table. Labels set through the API may be anything. */
export const LABELS = [
  'backend',
  'frontend',
  'api',
  'tech-debt',
  'customer-reported',
  'security',
  'performance',
  'ux',
  'infra',
  'flaky-test',
  'regression',
  'docs',
  'mobile',
  'compliance',
  'oncall',
  'q3-goal',
] as const;

export const RESOLUTION_DONE = {
  id: '10000',
  name: 'Done',
  description: 'Work has been completed on this issue.',
};

export const STORY_POINTS = [1, 2, 3, 5, 8, 13] as const;

/** Jira's three status categories, with the ids and keys Jira Cloud uses. */
export const STATUS_CATEGORIES = [
  { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  { id: 3, key: 'done', colorName: 'green', name: 'Done' },
] as const;

export type StatusCategoryKey = (typeof STATUS_CATEGORIES)[number]['key'];

export interface StatusDef {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly category: StatusCategoryKey;
}

export const TODO = 0;
export const IN_PROGRESS = 1;
export const IN_REVIEW = 2;
export const DONE = 3;
export const BLOCKED = 4;

export const STATUSES: readonly StatusDef[] = [
  {
    index: TODO,
    id: '10000',
    name: 'To Do',
    description: 'Work that has not been started.',
    category: 'new',
  },
  {
    index: IN_PROGRESS,
    id: '3',
    name: 'In Progress',
    description: 'This issue is being actively worked on.',
    category: 'indeterminate',
  },
  {
    index: IN_REVIEW,
    id: '10001',
    name: 'In Review',
    description: 'Waiting for a code or peer review.',
    category: 'indeterminate',
  },
  { index: DONE, id: '10002', name: 'Done', description: 'Work has been completed.', category: 'done' },
  {
    index: BLOCKED,
    id: '10003',
    name: 'Blocked',
    description: 'Waiting on something outside the team.',
    category: 'indeterminate',
  },
];

export interface TransitionDef {
  readonly id: string;
  readonly name: string;
  readonly from: readonly number[];
  readonly to: number;
  /** Moves work towards done; the simulation prefers these. */
  readonly forward: boolean;
}

export interface WorkflowDef {
  readonly name: string;
  readonly transitions: readonly TransitionDef[];
}

export const SOFTWARE_WORKFLOW: WorkflowDef = {
  name: 'Software Development Workflow',
  transitions: [
    { id: '21', name: 'Start progress', from: [TODO], to: IN_PROGRESS, forward: true },
    { id: '31', name: 'Request review', from: [IN_PROGRESS], to: IN_REVIEW, forward: true },
    { id: '41', name: 'Done', from: [IN_PROGRESS, IN_REVIEW], to: DONE, forward: true },
    { id: '51', name: 'Back to progress', from: [IN_REVIEW], to: IN_PROGRESS, forward: false },
    { id: '61', name: 'Stop progress', from: [IN_PROGRESS], to: TODO, forward: false },
    { id: '71', name: 'Reopen', from: [DONE], to: TODO, forward: false },
  ],
};

export const OPS_WORKFLOW: WorkflowDef = {
  name: 'Operations Workflow',
  transitions: [
    { id: '11', name: 'Start progress', from: [TODO], to: IN_PROGRESS, forward: true },
    { id: '21', name: 'Block', from: [IN_PROGRESS], to: BLOCKED, forward: false },
    { id: '31', name: 'Unblock', from: [BLOCKED], to: IN_PROGRESS, forward: true },
    { id: '41', name: 'Resolve', from: [IN_PROGRESS], to: DONE, forward: true },
    { id: '51', name: 'Stop progress', from: [IN_PROGRESS], to: TODO, forward: false },
    { id: '61', name: 'Reopen', from: [DONE], to: TODO, forward: false },
  ],
};

export function transitionsFrom(workflow: WorkflowDef, status: number): TransitionDef[] {
  return workflow.transitions.filter((t) => t.from.includes(status));
}

export function categoryOf(status: number): StatusCategoryKey {
  return STATUSES[status]?.category ?? 'new';
}

/** The records of a seeded Linear workspace. Small entity sets are plain records; issues live in `IssueTable`. */

/** Workflow state types, as Linear reports them in `WorkflowState.type`. */
export type StateType =
  'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled' | 'duplicate';

export interface OrganizationRecord {
  id: string;
  name: string;
  urlKey: string;
  createdAt: number;
}

export interface TeamRecord {
  idx: number;
  id: string;
  key: string;
  name: string;
  description: string;
  color: string;
  icon: string;
  createdAt: number;
  triageEnabled: boolean;
  usesEstimates: boolean;
  /** Global indices of the team's workflow states, in position order. */
  states: number[];
  /** User indices of the team's members. */
  members: number[];
  /** The state new issues land in when no state is given. */
  defaultState: number;
  /** The team's states by role in the usual flow; -1 where the team has none. */
  roles: StateRoles;
  /** Indices of the team's projects, oldest first. */
  projects: number[];
  /** Share of the organization's issues this team files. */
  weight: number;
}

export interface StateRoles {
  triage: number;
  backlog: number;
  todo: number;
  progress: number;
  review: number;
  done: number;
  canceled: number;
  duplicate: number;
}

export interface StateRecord {
  idx: number;
  id: string;
  team: number;
  name: string;
  type: StateType;
  color: string;
  position: number;
  description: string;
  createdAt: number;
}

export interface UserRecord {
  idx: number;
  id: string;
  name: string;
  displayName: string;
  email: string;
  admin: boolean;
  active: boolean;
  createdAt: number;
  teams: number[];
  timezone: string;
  title: string;
}

export interface LabelRecord {
  idx: number;
  id: string;
  name: string;
  color: string;
  description: string;
  /** Owning team, or -1 for a workspace label. */
  team: number;
  createdAt: number;
}

export type ProjectState = 'backlog' | 'planned' | 'started' | 'completed' | 'canceled';

export interface ProjectRecord {
  idx: number;
  id: string;
  name: string;
  description: string;
  slugId: string;
  teams: number[];
  lead: number;
  state: ProjectState;
  color: string;
  priority: number;
  createdAt: number;
  startedAt: number;
  completedAt: number;
  canceledAt: number;
  startDate: string | null;
  targetDate: string | null;
}

export interface World {
  seed: number;
  org: OrganizationRecord;
  teams: TeamRecord[];
  states: StateRecord[];
  users: UserRecord[];
  labels: LabelRecord[];
  projects: ProjectRecord[];
  /** The user behind the API key. */
  viewer: number;
  /** Start of the generated history (epoch ms). */
  startMs: number;
  /** End of the generated history: the sandbox clock when the service was built. */
  nowMs: number;
}

export const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'] as const;

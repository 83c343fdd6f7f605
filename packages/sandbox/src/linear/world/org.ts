import type { Rng } from '../../core/rng.ts';
import { DAY } from './dates.ts';
import type { IdCodec } from './ids.ts';
import type {
  LabelRecord,
  OrganizationRecord,
  ProjectRecord,
  ProjectState,
  StateRecord,
  StateRoles,
  StateType,
  TeamRecord,
  UserRecord,
  World,
} from './model.ts';
import {
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  ORG_NAMES,
  PROJECT_WORDS,
  TEAM_COLORS,
  TEAM_LABELS,
  TEAM_TEMPLATES,
  TIMEZONES,
  WORKSPACE_LABELS,
} from './vocabulary.ts';

const ENTITY = { org: 0, team: 1, state: 2, user: 3, label: 4, project: 5 } as const;

/** How many months of history a workspace of `size` issues covers: a quarter for small ones, two years at 200k. */
export function historySpanDays(size: number): number {
  return Math.round(Math.min(730, 90 + size / 300));
}

function teamCount(size: number): number {
  return size < 5000 ? 3 : Math.min(TEAM_TEMPLATES.length, 3 + Math.ceil(Math.log2(size / 5000)));
}

function userCount(size: number, teams: number): number {
  return Math.max(teams * 2, Math.min(400, Math.round(Math.sqrt(size) * 0.8)));
}

const ROLE_OF: Record<string, keyof StateRoles> = {
  Triage: 'triage',
  Backlog: 'backlog',
  Todo: 'todo',
  'In Progress': 'progress',
  'In Review': 'review',
  Done: 'done',
  Canceled: 'canceled',
  Duplicate: 'duplicate',
};

const STATE_SET: readonly (readonly [string, StateType, string, boolean])[] = [
  // name, type, color, only on teams with triage
  ['Triage', 'triage', '#fc7840', true],
  ['Backlog', 'backlog', '#bec2c8', false],
  ['Todo', 'unstarted', '#e2e2e2', false],
  ['In Progress', 'started', '#f2c94c', false],
  ['In Review', 'started', '#5e6ad2', false],
  ['Done', 'completed', '#5e6ad2', false],
  ['Canceled', 'canceled', '#95a2b3', false],
  ['Duplicate', 'duplicate', '#95a2b3', true],
];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Builds the workspace around the issues: organization, teams, states, people, labels and projects. */
export function generateWorld(rng: Rng, size: number, nowMs: number, codec: IdCodec, seed: number): World {
  const startMs = nowMs - historySpanDays(size) * DAY;
  const orgCreated = startMs - 60 * DAY;
  const [orgName, urlKey] = rng.pick(ORG_NAMES);
  const org: OrganizationRecord = {
    id: codec.encode('entity', ENTITY.org, 0),
    name: orgName,
    urlKey,
    createdAt: orgCreated,
  };

  const teams: TeamRecord[] = [];
  const states: StateRecord[] = [];
  for (let t = 0; t < teamCount(size); t++) {
    const template = TEAM_TEMPLATES[t % TEAM_TEMPLATES.length]!;
    const createdAt = orgCreated + t * DAY;
    const team: TeamRecord = {
      idx: t,
      id: codec.encode('entity', ENTITY.team, t),
      key: template.key,
      name: template.name,
      description: template.description,
      color: TEAM_COLORS[t % TEAM_COLORS.length]!,
      icon: template.domain === 'design' ? 'Palette' : template.domain === 'ops' ? 'Server' : 'Code',
      createdAt,
      triageEnabled: template.triage,
      usesEstimates: template.estimates,
      states: [],
      members: [],
      defaultState: -1,
      roles: {
        triage: -1,
        backlog: -1,
        todo: -1,
        progress: -1,
        review: -1,
        done: -1,
        canceled: -1,
        duplicate: -1,
      },
      projects: [],
      weight: template.weight,
    };
    let position = 0;
    for (const [name, type, color, triageOnly] of STATE_SET) {
      if (triageOnly && !template.triage) continue;
      const idx = states.length;
      states.push({
        idx,
        id: codec.encode('entity', ENTITY.state, idx),
        team: t,
        name,
        type,
        color,
        position: position++,
        description: '',
        createdAt,
      });
      team.states.push(idx);
      team.roles[ROLE_OF[name]!] = idx;
      if (name === 'Backlog') team.defaultState = idx;
    }
    teams.push(team);
  }

  const users: UserRecord[] = [];
  const nameOrder = shuffled(rng, FIRST_NAMES.length * LAST_NAMES.length);
  const emailDomain = `${urlKey.replace(/-/g, '')}.example`;
  for (let u = 0; u < userCount(size, teams.length); u++) {
    const combo = nameOrder[u % nameOrder.length]!;
    const first = FIRST_NAMES[combo % FIRST_NAMES.length]!;
    const last = LAST_NAMES[Math.floor(combo / FIRST_NAMES.length) % LAST_NAMES.length]!;
    const primary = u === 0 ? 0 : weightedTeam(rng, teams);
    const memberOf = [primary];
    if (u === 0) memberOf.push(...teams.slice(1).map((team) => team.idx));
    else if (rng.chance(0.25) && teams.length > 1) {
      const second = rng.int(0, teams.length - 1);
      if (second !== primary) memberOf.push(second);
    }
    const handle = `${first}.${last}`.toLowerCase();
    users.push({
      idx: u,
      id: codec.encode('entity', ENTITY.user, u),
      name: `${first} ${last}`,
      displayName: u < nameOrder.length ? first.toLowerCase() : `${first.toLowerCase()}${u}`,
      email: u < nameOrder.length ? `${handle}@${emailDomain}` : `${handle}${u}@${emailDomain}`,
      admin: u === 0 || rng.chance(0.05),
      // A few people left the company; their issues stay assigned to them.
      active: u === 0 || !rng.chance(0.06),
      createdAt: orgCreated + rng.int(0, 40) * DAY,
      teams: memberOf,
      timezone: rng.pick(TIMEZONES),
      title: rng.pick(JOB_TITLES),
    });
    for (const t of memberOf) teams[t]!.members.push(u);
  }
  // Every team needs at least two people to assign and review work.
  for (const team of teams) {
    while (team.members.length < 2) {
      const u = rng.int(1, users.length - 1);
      if (!team.members.includes(u)) {
        team.members.push(u);
        users[u]!.teams.push(team.idx);
      }
    }
  }

  const labels: LabelRecord[] = [];
  const addLabel = (name: string, color: string, team: number): void => {
    const idx = labels.length;
    labels.push({
      idx,
      id: codec.encode('entity', ENTITY.label, idx),
      name,
      color,
      description: '',
      team,
      createdAt: orgCreated,
    });
  };
  for (const [name, color] of WORKSPACE_LABELS) addLabel(name, color, -1);
  // Team labels only for the first three teams: label sets stay below 32 so an issue's labels fit one bit mask.
  for (const team of teams.slice(0, 3)) {
    const domain = TEAM_TEMPLATES[team.idx]!.domain;
    for (const name of TEAM_LABELS[domain] ?? []) addLabel(name, team.color, team.idx);
  }

  const projects: ProjectRecord[] = [];
  const perTeam = Math.max(2, Math.min(20, Math.round(size / 2000)));
  for (const team of teams) {
    for (let p = 0; p < perTeam; p++) {
      const idx = projects.length;
      const name = `${rng.pick(PROJECT_WORDS.first)} ${rng.pick(PROJECT_WORDS.second)}`;
      const createdAt = startMs + rng.next() * (nowMs - startMs) * 0.8;
      const state: ProjectState = pickProjectState(rng, createdAt, nowMs);
      const startedAt =
        state === 'backlog' || state === 'planned' ? Number.NaN : createdAt + rng.int(1, 14) * DAY;
      const endedAt = Math.min(nowMs, startedAt + rng.int(20, 120) * DAY);
      const lead = team.members[rng.int(0, team.members.length - 1)]!;
      projects.push({
        idx,
        id: codec.encode('entity', ENTITY.project, idx),
        name,
        description: `${name} for the ${team.name} team.`,
        slugId: codec.encode('entity', ENTITY.project, idx).slice(0, 12).replace(/-/g, ''),
        teams: [team.idx],
        lead,
        state,
        color: team.color,
        priority: rng.int(0, 4),
        createdAt,
        startedAt,
        completedAt: state === 'completed' ? endedAt : Number.NaN,
        canceledAt: state === 'canceled' ? endedAt : Number.NaN,
        startDate: Number.isNaN(startedAt) ? null : new Date(startedAt).toISOString().slice(0, 10),
        targetDate: state === 'backlog' ? null : new Date(createdAt + 90 * DAY).toISOString().slice(0, 10),
      });
    }
  }

  for (const project of [...projects].sort((a, b) => a.createdAt - b.createdAt)) {
    for (const t of project.teams) teams[t]!.projects.push(project.idx);
  }
  return { seed, org, teams, states, users, labels, projects, viewer: 0, startMs, nowMs };
}

function pickProjectState(rng: Rng, createdAt: number, nowMs: number): ProjectState {
  const age = (nowMs - createdAt) / DAY;
  const roll = rng.next();
  if (age > 120) return roll < 0.7 ? 'completed' : roll < 0.85 ? 'canceled' : 'started';
  if (age > 30) return roll < 0.6 ? 'started' : roll < 0.8 ? 'completed' : 'planned';
  return roll < 0.5 ? 'planned' : roll < 0.8 ? 'started' : 'backlog';
}

/** A team index drawn by team weight (Engineering files most of the work). */
export function weightedTeam(rng: Rng, teams: readonly TeamRecord[]): number {
  let total = 0;
  for (const team of teams) total += team.weight;
  let roll = rng.next() * total;
  for (const team of teams) {
    roll -= team.weight;
    if (roll < 0) return team.idx;
  }
  return teams.length - 1;
}

function shuffled(rng: Rng, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export { slug };

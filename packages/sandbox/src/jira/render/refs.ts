import type { Person } from '../catalog/people.ts';
import { PROJECTS, type ProjectDef } from '../catalog/projects.ts';
import { ISSUE_TYPES, LINK_TYPES, PRIORITIES, RESOLUTION_DONE } from '../catalog/schemes.ts';
import { STATUSES, STATUS_CATEGORIES } from '../catalog/workflow.ts';

/**
 * JSON of the things issues point at (people, statuses, priorities, types, projects), built once per base URL and
 * shared by every rendered issue: rendering a page then allocates little beyond the issues themselves.
 */
export interface Refs {
  readonly base: string;
  readonly users: readonly Record<string, unknown>[];
  readonly statuses: readonly Record<string, unknown>[];
  readonly priorities: readonly Record<string, unknown>[];
  readonly issueTypes: readonly Record<string, unknown>[];
  readonly projects: readonly Record<string, unknown>[];
  readonly linkTypes: readonly Record<string, unknown>[];
  readonly resolution: Record<string, unknown>;
  /** The JSON text of every shared object above: pages splice it in instead of serializing it again. */
  readonly json: ReadonlyMap<unknown, string>;
}

export function avatarUrls(path: string): Record<string, string> {
  return {
    '48x48': `${path}?size=48`,
    '24x24': `${path}?size=24`,
    '16x16': `${path}?size=16`,
    '32x32': `${path}?size=32`,
  };
}

/** A user as Jira embeds one (the `UserDetails` shape). */
export function userJson(base: string, p: Person): Record<string, unknown> {
  const initials = p.displayName
    .split(' ')
    .map((w) => w.charAt(0))
    .join('')
    .toUpperCase();
  return {
    self: `${base}/rest/api/3/user?accountId=${encodeURIComponent(p.accountId)}`,
    accountId: p.accountId,
    ...(p.email === null ? {} : { emailAddress: p.email }),
    avatarUrls: avatarUrls(`https://avatar-management.services.atlassian.com/initials/${initials}.png`),
    displayName: p.displayName,
    active: p.active,
    timeZone: p.timeZone,
    accountType: p.accountType,
  };
}

export function projectJson(base: string, p: ProjectDef): Record<string, unknown> {
  return {
    self: `${base}/rest/api/3/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: 'software',
    simplified: false,
    avatarUrls: avatarUrls(`${base}/rest/api/3/universal_avatar/view/type/project/avatar/${p.id}`),
  };
}

export function buildRefs(base: string, people: readonly Person[]): Refs {
  const refs = {
    base,
    users: people.map((p) => userJson(base, p)),
    statuses: STATUSES.map((s) => {
      const c = STATUS_CATEGORIES.find((x) => x.key === s.category) ?? STATUS_CATEGORIES[0];
      return {
        self: `${base}/rest/api/3/status/${s.id}`,
        description: s.description,
        iconUrl: `${base}/images/icons/statuses/generic.png`,
        name: s.name,
        id: s.id,
        statusCategory: {
          self: `${base}/rest/api/3/statuscategory/${c.id}`,
          id: c.id,
          key: c.key,
          colorName: c.colorName,
          name: c.name,
        },
      };
    }),
    priorities: PRIORITIES.map((p) => ({
      self: `${base}/rest/api/3/priority/${p.id}`,
      iconUrl: `${base}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
      name: p.name,
      id: p.id,
    })),
    issueTypes: ISSUE_TYPES.map((t) => ({
      self: `${base}/rest/api/3/issuetype/${t.id}`,
      id: t.id,
      description: t.description,
      iconUrl: `${base}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${t.avatarId}?size=medium`,
      name: t.name,
      subtask: t.subtask,
      avatarId: t.avatarId,
      hierarchyLevel: t.hierarchyLevel,
    })),
    projects: PROJECTS.map((p) => projectJson(base, p)),
    linkTypes: LINK_TYPES.map((l) => ({
      id: l.id,
      name: l.name,
      inward: l.inward,
      outward: l.outward,
      self: `${base}/rest/api/3/issueLinkType/${l.id}`,
    })),
    resolution: { self: `${base}/rest/api/3/resolution/${RESOLUTION_DONE.id}`, ...RESOLUTION_DONE },
  };
  const json = new Map<unknown, string>();
  for (const list of [
    refs.users,
    refs.statuses,
    refs.priorities,
    refs.issueTypes,
    refs.projects,
    refs.linkTypes,
  ]) {
    for (const item of list) json.set(item, asciiJson(item));
  }
  json.set(refs.resolution, asciiJson(refs.resolution));
  return { ...refs, json };
}

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * JSON text in plain ASCII: characters beyond it are written as `\uXXXX` escapes, which is the same JSON value.
 * Pages are built from such text so that they stay one-byte ASCII strings: a single "ř" in a name would
 * otherwise make Node encode a 700 KB page through its slow two-byte path (measured: about 3x the send cost).
 */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  NON_ASCII.lastIndex = 0;
  return NON_ASCII.test(text)
    ? text.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : text;
}

/** JSON text of a value, reusing the cached text of shared reference objects. */
export function toJson(refs: Refs, value: unknown): string {
  return refs.json.get(value) ?? asciiJson(value);
}

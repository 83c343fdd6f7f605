import { storyText, type AsStory } from './history.ts';
import { membershipsOf, nameOf, recordOf, type AsanaStore } from './store.ts';
import { TASK_FLAG } from './table.ts';
import { richText } from './text.ts';
import { gid, SECTION_NAMES, type AsProject } from './world.ts';

/** Asana records as app.asana.com returns them: compact forms, full forms, stories. */

const APP = 'https://app.asana.com';

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function userCompact(store: AsanaStore, index: number) {
  const u = store.world.users[index];
  return { gid: u?.gid ?? gid.user(index), name: u?.name ?? 'Former user', resource_type: 'user' };
}

export function userFull(store: AsanaStore, index: number) {
  return {
    ...userCompact(store, index),
    email: store.world.users[index]?.email ?? null,
    photo: null,
    workspaces: [workspaceCompact(store)],
  };
}

export function workspaceCompact(store: AsanaStore) {
  return { gid: store.world.workspace.gid, name: store.world.workspace.name, resource_type: 'workspace' };
}

export function workspaceFull(store: AsanaStore) {
  return { ...workspaceCompact(store), is_organization: true, email_domains: ['spiral-labs.example'] };
}

export function teamCompact(store: AsanaStore, index: number) {
  const t = store.world.teams[index];
  return { gid: t?.gid ?? gid.team(index), name: t?.name ?? 'Team', resource_type: 'team' };
}

export function projectCompact(store: AsanaStore, index: number) {
  return {
    gid: gid.project(index),
    name: store.world.projects[index]?.name ?? 'Project',
    resource_type: 'project',
  };
}

export function projectFull(store: AsanaStore, p: AsProject) {
  const list = store.lists[p.index]?.tasks ?? [];
  const last = list.reduce((m, g) => Math.max(m, store.table.modifiedAt[g] ?? 0), p.createdAt);
  return {
    ...projectCompact(store, p.index),
    archived: false,
    color: p.color,
    completed: false,
    completed_at: null,
    completed_by: null,
    created_at: iso(p.createdAt),
    current_status: null,
    current_status_update: null,
    custom_fields: [],
    default_view: 'board',
    due_date: null,
    due_on: null,
    followers: [userCompact(store, p.owner)],
    html_notes: richText(`Everything about ${p.name}.`),
    icon: 'board',
    members: p.members.map((m) => userCompact(store, m)),
    modified_at: iso(last),
    notes: `Everything about ${p.name}.`,
    owner: userCompact(store, p.owner),
    permalink_url: `${APP}/0/${p.gid}/${p.gid}`,
    privacy_setting: 'public_to_workspace',
    public: true,
    start_on: null,
    team: teamCompact(store, p.team),
    workspace: workspaceCompact(store),
  };
}

export function sectionCompact(store: AsanaStore, project: number, section: number) {
  return {
    gid: gid.section(project, section),
    name: SECTION_NAMES[section] ?? 'Untitled section',
    resource_type: 'section',
  };
}

export function sectionFull(store: AsanaStore, project: number, section: number) {
  const p = store.world.projects[project];
  return {
    ...sectionCompact(store, project, section),
    created_at: iso(p?.createdAt ?? 0),
    project: projectCompact(store, project),
  };
}

export function taskCompact(store: AsanaStore, g: number) {
  return {
    gid: gid.task(g),
    name: nameOf(store, g),
    resource_type: 'task',
    resource_subtype: 'default_task',
  };
}

function dueOn(store: AsanaStore, g: number): string | null {
  const day = store.table.dueDay[g] ?? -1;
  return day < 0 ? null : new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The full task record (`GET /tasks/{gid}`). */
export function taskFull(store: AsanaStore, g: number) {
  const t = store.table;
  const record = recordOf(store, g);
  const memberships = membershipsOf(store, g);
  const assignee = t.assignee[g] ?? -1;
  const creator = t.creator[g] ?? 0;
  const completed = t.has(g, TASK_FLAG.completed);
  const completedBy = t.completedBy[g] ?? -1;
  const home = memberships[0]?.project ?? 0;
  const followers = [...new Set([creator, ...(assignee >= 0 ? [assignee] : [])])];
  return {
    gid: gid.task(g),
    actual_time_minutes: null,
    assignee: assignee >= 0 ? userCompact(store, assignee) : null,
    assignee_status: assignee >= 0 ? 'upcoming' : 'inbox',
    assignee_section: null,
    completed,
    completed_at: completed ? iso(t.completedAt[g] ?? 0) : null,
    completed_by: completed && completedBy >= 0 ? userCompact(store, completedBy) : null,
    created_at: iso(t.createdAt[g] ?? 0),
    created_by: { gid: gid.user(creator), resource_type: 'user' },
    custom_fields: [],
    dependencies: [],
    dependents: [],
    due_at: null,
    due_on: dueOn(store, g),
    followers: followers.map((f) => userCompact(store, f)),
    hearted: false,
    hearts: [],
    html_notes: richText(record.notes),
    is_rendered_as_separator: false,
    liked: false,
    likes: [],
    memberships: memberships.map((m) => ({
      project: projectCompact(store, m.project),
      section: sectionCompact(store, m.project, m.section),
    })),
    modified_at: iso(t.modifiedAt[g] ?? 0),
    name: record.name,
    notes: record.notes,
    num_hearts: 0,
    num_likes: 0,
    num_subtasks: 0,
    parent: null,
    permalink_url: `${APP}/0/${gid.project(home)}/${gid.task(g)}`,
    projects: memberships.map((m) => projectCompact(store, m.project)),
    resource_type: 'task',
    start_at: null,
    start_on: null,
    tags: [],
    resource_subtype: 'default_task',
    workspace: workspaceCompact(store),
  };
}

export function storyTextOf(store: AsanaStore, story: AsStory): string {
  return storyText(story, {
    user: (i) => store.world.users[i]?.name ?? 'Former user',
    project: (i) => store.world.projects[i]?.name ?? 'a project',
    section: (i) => SECTION_NAMES[i] ?? 'Untitled section',
  });
}

/** A story as the stories list returns it by default. */
export function storyCompact(store: AsanaStore, story: AsStory) {
  return {
    gid: story.gid,
    created_at: iso(story.at),
    created_by: userCompact(store, story.actor),
    resource_subtype: story.kind,
    text: storyTextOf(store, story),
    type: story.kind === 'comment_added' ? 'comment' : 'system',
    resource_type: 'story',
  };
}

/** The full story record (`POST /tasks/{gid}/stories` answers with it; opt_fields reach into it). */
export function storyFull(store: AsanaStore, g: number, story: AsStory) {
  const out: Record<string, unknown> = {
    ...storyCompact(store, story),
    source: 'web',
    target: taskCompact(store, g),
  };
  if (story.kind === 'comment_added') {
    Object.assign(out, {
      html_text: richText(story.text ?? ''),
      is_editable: true,
      is_edited: false,
      is_pinned: false,
      liked: false,
      likes: [],
      num_likes: 0,
      hearted: false,
      hearts: [],
      num_hearts: 0,
      previews: [],
    });
  }
  if (story.kind === 'section_changed' && story.project !== undefined) {
    out.old_section = sectionCompact(store, story.project, story.fromSection ?? 0);
    out.new_section = sectionCompact(store, story.project, story.toSection ?? 0);
  }
  if ((story.kind === 'assigned' || story.kind === 'unassigned') && story.assignee !== undefined)
    out.assignee = userCompact(store, story.assignee);
  if (story.kind === 'added_to_project' && story.project !== undefined)
    out.project = projectCompact(store, story.project);
  if (story.kind === 'name_changed') out.new_name = story.text ?? '';
  return out;
}

import { SeededRng } from '../../core/seeded-rng.ts';
import { doc, paragraph, type AdfDoc } from '../adf.ts';
import { STORY_POINTS_FIELD } from '../catalog/fields.ts';
import { PROJECTS } from '../catalog/projects.ts';
import { PRIORITIES, RESOLUTION_DONE } from '../catalog/schemes.ts';
import { STATUSES } from '../catalog/workflow.ts';
import { generateComments } from './comments.ts';
import { generatedCommentId, generatedHistoryId, type ChangeItem, type CommentRecord, type HistoryRecord } from './overlay.ts';
import { K_ASSIGNEE, K_POINTS, K_PRIORITY, K_RESOLUTION, K_STATUS, newSimResult, simulate } from './simulate.ts';
import type { JiraStore } from './store.ts';
import { descriptionFor, summaryFor } from './text.ts';

/** Salt separating the text stream of an issue from its changelog and comment streams. */
const TEXT_SALT = 0x27d4eb2f;

function projectOf(store: JiraStore, index: number) {
  return PROJECTS[store.table.project[index] ?? 0] ?? PROJECTS[0];
}

function generatedText(store: JiraStore, index: number): { summary: string; description: AdfDoc | null } {
  const project = projectOf(store, index);
  const rng = new SeededRng(((store.table.seed[index] ?? 0) ^ TEXT_SALT) >>> 0);
  const type = store.table.type[index] ?? 0;
  if (project === undefined) return { summary: '', description: null };
  const summary = summaryFor(rng, project, type);
  return { summary, description: descriptionFor(rng, type, summary) };
}

export function summaryOf(store: JiraStore, index: number): string {
  return store.overlays.get(index)?.summary ?? generatedText(store, index).summary;
}

export function descriptionOf(store: JiraStore, index: number): AdfDoc | null {
  const written = store.overlays.get(index);
  if (written?.description !== undefined) return written.description;
  return generatedText(store, index).description;
}

function personItem(store: JiraStore, person: number): { id: string | null; name: string | null } {
  const p = person >= 0 ? store.people[person] : undefined;
  return p === undefined ? { id: null, name: null } : { id: p.accountId, name: p.displayName };
}

/** Changelog item of a generated change; identical changes share one (immutable) item object. */
function generatedItem(store: JiraStore, kind: number, from: number, to: number): ChangeItem {
  const key = `i${kind}:${from}:${to}`;
  let shared = store.shared.get(key) as ChangeItem | undefined;
  if (shared === undefined) {
    shared = Object.freeze(buildItem(store, kind, from, to));
    store.shared.set(key, shared);
  }
  return shared;
}

/** Changelog item of a generated change, named as Jira names it. */
function buildItem(store: JiraStore, kind: number, from: number, to: number): ChangeItem {
  switch (kind) {
    case K_STATUS: {
      const a = STATUSES[from];
      const b = STATUSES[to];
      return { field: 'status', fieldtype: 'jira', fieldId: 'status', from: a?.id ?? null, fromString: a?.name ?? null, to: b?.id ?? null, toString: b?.name ?? null };
    }
    case K_ASSIGNEE: {
      const a = personItem(store, from);
      const b = personItem(store, to);
      return { field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: a.id, fromString: a.name, to: b.id, toString: b.name };
    }
    case K_PRIORITY: {
      const a = PRIORITIES[from];
      const b = PRIORITIES[to];
      return { field: 'priority', fieldtype: 'jira', fieldId: 'priority', from: a?.id ?? null, fromString: a?.name ?? null, to: b?.id ?? null, toString: b?.name ?? null };
    }
    case K_POINTS:
      return {
        field: 'Story point estimate', fieldtype: 'custom', fieldId: STORY_POINTS_FIELD,
        from: null, fromString: from > 0 ? String(from) : null, to: null, toString: to > 0 ? String(to) : null,
      };
    default: {
      // K_RESOLUTION
      const a = from === 0 ? RESOLUTION_DONE : null;
      const b = to === 0 ? RESOLUTION_DONE : null;
      return { field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: a?.id ?? null, fromString: a?.name ?? null, to: b?.id ?? null, toString: b?.name ?? null };
    }
  }
}

function generatedHistories(store: JiraStore, index: number): HistoryRecord[] {
  const t = store.table;
  if ((t.genHistories[index] ?? 0) === 0) return [];
  const project = projectOf(store, index);
  if (project === undefined) return [];
  const sim = newSimResult();
  simulate(
    {
      seed: t.seed[index] ?? 0,
      createdMs: t.created[index] ?? 0,
      endMs: store.world.endMs,
      type: t.type[index] ?? 0,
      workflow: project.workflow,
      team: project.team,
      automation: store.world.automation,
    },
    sim,
  );
  const out: HistoryRecord[] = [];
  const e = sim.events;
  for (let at = 0, n = 0; at < e.length; n++) {
    const createdMs = e[at] ?? 0;
    const author = e[at + 1] ?? 0;
    const count = e[at + 2] ?? 0;
    const items: ChangeItem[] = [];
    for (let k = 0; k < count; k++) {
      const base = at + 3 + k * 3;
      items.push(generatedItem(store, e[base] ?? K_RESOLUTION, e[base + 1] ?? -1, e[base + 2] ?? -1));
    }
    out.push({ id: generatedHistoryId(index, n), author, createdMs, items });
    at += 3 + count * 3;
  }
  return out;
}

/** The full changelog of an issue, oldest first. */
export function historiesOf(store: JiraStore, index: number): HistoryRecord[] {
  const generated = generatedHistories(store, index);
  const written = store.overlays.get(index)?.histories;
  return written === undefined || written.length === 0 ? generated : generated.concat(written);
}

/** All comments of an issue, oldest first. */
export function commentsOf(store: JiraStore, index: number): CommentRecord[] {
  const t = store.table;
  const out: CommentRecord[] = [];
  if ((t.genComments[index] ?? 0) > 0) {
    const project = projectOf(store, index);
    const generated = generateComments(t.seed[index] ?? 0, t.created[index] ?? 0, store.world.endMs, project?.team ?? [0]);
    for (const c of generated) {
      out.push({
        id: generatedCommentId(index, c.n),
        author: c.author,
        updateAuthor: c.author,
        createdMs: c.createdMs,
        updatedMs: c.createdMs,
        body: doc([paragraph(c.text)]),
      });
    }
  }
  const written = store.overlays.get(index)?.comments;
  return written === undefined ? out : out.concat(written);
}

export function commentCountOf(store: JiraStore, index: number): number {
  return (store.table.genComments[index] ?? 0) + (store.overlays.get(index)?.comments.length ?? 0);
}

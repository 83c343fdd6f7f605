import { z } from 'zod';
import { PROJECTS } from '../catalog/projects.ts';
import { DEFAULT_PRIORITY, EPIC, ISSUE_TYPES, SUBTASK } from '../catalog/schemes.ts';
import { TODO } from '../catalog/workflow.ts';
import { failure, ok, type JiraResult } from '../failure.ts';
import { parseFieldEdits } from './field-edits.ts';
import { invalidPayload } from './issue-writes.ts';
import type { WriteContext } from './record.ts';

export const CreateBodySchema = z
  .object({ fields: z.record(z.string(), z.unknown()), update: z.record(z.string(), z.unknown()).optional() })
  .loose();

type Ref = Record<string, unknown> | undefined;
const refOf = (v: unknown): Ref =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;

/** `POST /issue`: validates like Jira (all field errors at once) and files the issue at the end of its project. */
export function createIssue(ctx: WriteContext, body: unknown): JiraResult<number> {
  const parsed = CreateBodySchema.safeParse(body);
  if (!parsed.success) return invalidPayload();
  const fields = parsed.data.fields;
  const errors: Record<string, string> = {};
  const projectRef = refOf(fields.project);
  const project = PROJECTS.find((p) => p.key === projectRef?.key || p.id === projectRef?.id);
  if (project === undefined) errors.project = 'Specify a valid project ID or key';
  const typeRef = refOf(fields.issuetype);
  const type = ISSUE_TYPES.find((t) => t.id === typeRef?.id || t.name === typeRef?.name);
  if (typeRef === undefined) errors.issuetype = 'Specify an issue type';
  else if (type === undefined) errors.issuetype = 'Specify a valid issue type';
  if (fields.summary === undefined) errors.summary = 'You must specify a summary of the issue.';
  const { edits, errors: fieldErrors } = parseFieldEdits(
    ctx.store,
    project?.index ?? 0,
    fields,
    parsed.data.update ?? {},
    () => [],
    ['project', 'issuetype'],
  );
  Object.assign(errors, fieldErrors);
  if (type?.index === SUBTASK && edits.parent === undefined && errors.parent === undefined) {
    errors.parentId = 'Issue type is a sub-task but parent issue key or id not specified.';
  }
  if (type?.index === EPIC && edits.parent !== undefined)
    errors.parent = 'An epic cannot have a parent in this project.';
  if (project === undefined || type === undefined || Object.keys(errors).length > 0)
    return failure(400, [], errors);

  const { store } = ctx;
  const t = store.table;
  const row = t.add();
  t.project[row] = project.index;
  t.type[row] = type.index;
  t.priority[row] = edits.priority ?? DEFAULT_PRIORITY;
  t.status[row] = TODO;
  t.assignee[row] = edits.assignee ?? -1;
  t.reporter[row] = edits.reporter ?? ctx.actor;
  t.created[row] = ctx.nowMs;
  t.updated[row] = ctx.nowMs;
  t.statusChanged[row] = ctx.nowMs;
  t.parent[row] = edits.parent ?? -1;
  t.seed[row] = (row * 2654435761) >>> 0;
  t.component[row] = edits.component ?? -1;
  t.points[row] = edits.points ?? 0;
  const overlay = store.overlay(row);
  overlay.summary = edits.summary ?? '';
  overlay.description = edits.description ?? null;
  overlay.labels = edits.labels ?? [];
  if (edits.duedate !== undefined) overlay.duedate = edits.duedate;
  if (edits.environment !== undefined) overlay.environment = edits.environment;
  store.index(row);
  if (type.index === SUBTASK && edits.parent !== undefined) {
    const siblings = store.world.subtasks.get(edits.parent);
    if (siblings === undefined) store.world.subtasks.set(edits.parent, [row]);
    else siblings.push(row);
  }
  store.emit({ kind: 'issue_created', issue: row, actor: ctx.actor });
  return ok(row);
}

/** `DELETE /issue/{key}`: refuses issues with sub-tasks unless `deleteSubtasks` is set, as Jira does. */
export function deleteIssue(ctx: WriteContext, i: number, deleteSubtasks: boolean): JiraResult<null> {
  const { store } = ctx;
  const children = (store.world.subtasks.get(i) ?? []).filter((c) => store.table.deleted[c] === 0);
  if (children.length > 0 && !deleteSubtasks) {
    return failure(400, [
      'The issue has subtasks. Set the deleteSubtasks parameter to true to delete it along with its subtasks.',
    ]);
  }
  for (const c of [...children, i]) {
    store.emit({ kind: 'issue_deleted', issue: c, actor: ctx.actor });
    store.markDeleted(c);
  }
  return ok(null);
}

import { z } from 'zod';
import { AdfDocSchema, type AdfDoc } from '../adf.ts';
import { PROJECTS } from '../catalog/projects.ts';
import { RESOLUTION_DONE } from '../catalog/schemes.ts';
import { DONE, STATUSES, categoryOf, transitionsFrom } from '../catalog/workflow.ts';
import type { CommentRecord } from '../data/overlay.ts';
import { failure, ok, type JiraFailure, type JiraResult } from '../failure.ts';
import { applyFieldEdits, parseFieldEdits } from './field-edits.ts';
import { item, recordChange, type WriteContext } from './record.ts';

const Obj = z.record(z.string(), z.unknown());

export const EditBodySchema = z.object({ fields: Obj.optional(), update: Obj.optional() }).loose();
export const TransitionBodySchema = z
  .object({
    transition: z
      .object({ id: z.union([z.string(), z.number()]).optional() })
      .loose()
      .optional(),
    fields: Obj.optional(),
    update: Obj.optional(),
  })
  .loose();
export const CommentBodySchema = z.object({ body: z.unknown().optional() }).loose();
export const AssignBodySchema = z.object({ accountId: z.string().nullable() }).loose();

export function invalidPayload(): { ok: false; failure: JiraFailure } {
  return failure(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
}

/** `PUT /issue/{key}`: one changelog entry for everything that changed. */
export function editIssue(ctx: WriteContext, i: number, body: unknown): JiraResult<null> {
  const parsed = EditBodySchema.safeParse(body);
  if (!parsed.success) return invalidPayload();
  const project = ctx.store.table.project[i] ?? 0;
  const { edits, errors, comments } = parseFieldEdits(
    ctx.store,
    project,
    parsed.data.fields ?? {},
    parsed.data.update ?? {},
    () => ctx.store.labelsOf(i),
  );
  if (Object.keys(errors).length > 0) return failure(400, [], errors);
  const items = applyFieldEdits(ctx, i, edits);
  const assignmentOnly = items.length === 1 && items[0]?.field === 'assignee';
  recordChange(ctx, i, items, assignmentOnly ? 'issue_assigned' : 'issue_updated');
  for (const comment of comments) addComment(ctx, i, comment);
  return ok(null);
}

/** `POST /issue/{key}/transitions`: moves the issue along its project's workflow. */
export function transitionIssue(ctx: WriteContext, i: number, body: unknown): JiraResult<null> {
  const parsed = TransitionBodySchema.safeParse(body);
  if (!parsed.success) return invalidPayload();
  const id = parsed.data.transition?.id;
  if (id === undefined) return failure(400, ["Missing 'transition' identifier"]);
  const t = ctx.store.table;
  const workflow = PROJECTS[t.project[i] ?? 0]?.workflow;
  const from = t.status[i] ?? 0;
  const transition =
    workflow === undefined ? undefined : transitionsFrom(workflow, from).find((x) => x.id === String(id));
  if (transition === undefined)
    return failure(400, [`Transition id '${String(id)}' is not valid for this issue.`]);
  const { edits, errors } = parseFieldEdits(
    ctx.store,
    t.project[i] ?? 0,
    parsed.data.fields ?? {},
    parsed.data.update ?? {},
    () => ctx.store.labelsOf(i),
  );
  if (Object.keys(errors).length > 0) return failure(400, [], errors);
  applyTransition(ctx, i, transition.to, edits);
  return ok(null);
}

/** Moves issue `i` to status `to` (with resolution bookkeeping) and files one changelog entry. */
export function applyTransition(
  ctx: WriteContext,
  i: number,
  to: number,
  edits: Parameters<typeof applyFieldEdits>[2] = {},
): void {
  const t = ctx.store.table;
  const from = t.status[i] ?? 0;
  const a = STATUSES[from];
  const b = STATUSES[to];
  const items = [item('status', a?.id ?? null, a?.name ?? null, b?.id ?? null, b?.name ?? null)];
  if (to === DONE && from !== DONE) {
    items.push(item('resolution', null, null, RESOLUTION_DONE.id, RESOLUTION_DONE.name));
    t.resolved[i] = ctx.nowMs;
  } else if (from === DONE && to !== DONE) {
    items.push(item('resolution', RESOLUTION_DONE.id, RESOLUTION_DONE.name, null, null));
    t.resolved[i] = Number.NaN;
  }
  if (categoryOf(from) !== categoryOf(to)) t.statusChanged[i] = ctx.nowMs;
  t.status[i] = to;
  items.push(...applyFieldEdits(ctx, i, edits));
  recordChange(ctx, i, items, 'issue_generic');
}

/** `PUT /issue/{key}/assignee`. */
export function assignIssue(ctx: WriteContext, i: number, body: unknown): JiraResult<null> {
  const parsed = AssignBodySchema.safeParse(body);
  if (!parsed.success) return invalidPayload();
  const project = ctx.store.table.project[i] ?? 0;
  const { edits, errors } = parseFieldEdits(ctx.store, project, { assignee: parsed.data }, {}, () => []);
  if (errors.assignee !== undefined) {
    return failure(400, [], { assignee: `User '${parsed.data.accountId ?? ''}' cannot be assigned issues.` });
  }
  recordChange(ctx, i, applyFieldEdits(ctx, i, edits), 'issue_assigned');
  return ok(null);
}

/** Adds a comment (the issue's `updated` moves, no changelog entry is written). */
export function addComment(ctx: WriteContext, i: number, body: AdfDoc): CommentRecord {
  const comment: CommentRecord = {
    id: ctx.store.newCommentId(),
    author: ctx.actor,
    updateAuthor: ctx.actor,
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs,
    body,
  };
  ctx.store.overlay(i).comments.push(comment);
  ctx.store.touch(i, ctx.nowMs);
  ctx.store.emit({ kind: 'comment_created', issue: i, actor: ctx.actor, comment });
  return comment;
}

/** `POST /issue/{key}/comment`. */
export function commentOnIssue(ctx: WriteContext, i: number, body: unknown): JiraResult<CommentRecord> {
  const parsed = CommentBodySchema.safeParse(body);
  if (!parsed.success) return invalidPayload();
  if (parsed.data.body === undefined || parsed.data.body === null) {
    return failure(400, [], { comment: 'Comment body can not be empty!' });
  }
  const doc = AdfDocSchema.safeParse(parsed.data.body);
  if (!doc.success)
    return failure(400, [], {
      comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
    });
  return ok(addComment(ctx, i, doc.data));
}

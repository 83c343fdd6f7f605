import { AppError } from '../../errors/app-error.ts';
import type { CreateItemInput, UpdateItemInput } from '../source-adapter.ts';
import { requireGid } from './asana-tasks.ts';

/**
 * The `data` of task writes. Asana keeps priority in a workspace-specific custom field and labels as tags
 * known by gid, so neither can be set by name: the caller passes them through `fields` (`custom_fields`,
 * `tags`) as Asana expects them. Re-parenting needs its own endpoint (`setParent`) and is refused here.
 */

const SUBTYPES: Record<string, string | null> = {
  task: null,
  default_task: null,
  subtask: null,
  milestone: 'milestone',
  approval: 'approval',
};

function refuse(field: string, why: string): never {
  throw new AppError('validation_error', `${field}: ${why}`);
}

function common(input: UpdateItemInput): Record<string, unknown> {
  if (input.priority !== undefined) {
    refuse('priority', 'Asana keeps priority in a custom field; set it through fields.custom_fields by gid');
  }
  if (input.labels !== undefined) refuse('labels', 'Asana tags are set by gid; pass fields.tags');
  const data: Record<string, unknown> = {};
  if (input.title !== undefined) data.name = input.title;
  if (input.description !== undefined) data.notes = input.description;
  if (input.assigneeAccountId !== undefined) data.assignee = input.assigneeAccountId;
  return data;
}

export function createData(input: CreateItemInput): Record<string, unknown> {
  const data = common(input);
  const type = input.type?.trim().toLowerCase();
  if (type !== undefined && !(type in SUBTYPES)) {
    refuse('type', `Asana tasks are ${Object.keys(SUBTYPES).join(', ')}`);
  }
  if (type === 'subtask' && input.parentKey === undefined) refuse('parentKey', 'a subtask needs its parent');
  const subtype = type === undefined ? null : (SUBTYPES[type] ?? null);
  if (subtype !== null) data.resource_subtype = subtype;
  if (input.parentKey !== undefined) data.parent = requireGid(input.parentKey, 'parent task');
  return { ...input.fields, ...data, projects: [requireGid(input.projectKey, 'project')] };
}

export function updateData(input: UpdateItemInput): Record<string, unknown> {
  if (input.type !== undefined) refuse('type', 'the type of an Asana task cannot be changed');
  if (input.parentKey !== undefined)
    refuse('parentKey', 'moving a task under another parent is not supported');
  return { ...input.fields, ...common(input) };
}

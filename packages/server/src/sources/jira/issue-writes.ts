import type { CreateItemInput, UpdateItemInput } from '../source-adapter.ts';
import { textToAdf } from './adf.ts';

/** The issue type a create without one asks for: every Jira Software template has it. */
const DEFAULT_TYPE = 'Task';

/** Jira `fields` of an edit: only what the input sets; an empty description clears it. */
export function issueFieldsOf(input: UpdateItemInput): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (input.title !== undefined) fields.summary = input.title;
  if (input.description !== undefined)
    fields.description = input.description.trim() === '' ? null : textToAdf(input.description);
  if (input.type !== undefined) fields.issuetype = { name: input.type };
  if (input.priority !== undefined) fields.priority = { name: input.priority };
  if (input.assigneeAccountId !== undefined) fields.assignee = { accountId: input.assigneeAccountId };
  if (input.labels !== undefined) fields.labels = input.labels;
  if (input.parentKey !== undefined) fields.parent = { key: input.parentKey };
  // Typed inputs win over source-specific fields of the same name.
  return { ...input.fields, ...fields };
}

/** The body of `POST /rest/api/3/issue`. */
export function createIssueBody(input: CreateItemInput): { fields: Record<string, unknown> } {
  const { projectKey, ...rest } = input;
  const fields = issueFieldsOf(rest);
  if (fields.description === null) delete fields.description;
  return { fields: { issuetype: { name: DEFAULT_TYPE }, ...fields, project: { key: projectKey } } };
}

/** The body of `POST /rest/api/3/issueLink`: `from` is the outward issue ("from blocks to"). */
export function linkBody(fromKey: string, toKey: string, type: string): Record<string, unknown> {
  return { type: { name: type }, outwardIssue: { key: fromKey }, inwardIssue: { key: toKey } };
}

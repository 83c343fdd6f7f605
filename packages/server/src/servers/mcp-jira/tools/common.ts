import { z } from 'zod';
import { textToAdf } from '../../../sources/jira/adf.ts';

/** Input fragments the Jira tools share, so that every tool names and bounds them alike. */

const NO_NUL = { error: 'must not contain NUL characters' };

/** No NUL anywhere in a JSON value: neither Jira nor PostgreSQL text can hold one. */
function nulFree(value: unknown): boolean {
  return !(JSON.stringify(value) ?? '').includes('\\u0000');
}

/** Trimmed, non-empty text of at most `max` characters, without NUL. */
export function textInput(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), NO_NUL);
}

export const instanceIdInput = z
  .uuid({ error: 'must be a Jira instance id (see jira_list_instances)' })
  .optional()
  .describe(
    'Jira instance id from jira_list_instances. Optional when the tenant has one instance or the key says which.',
  );

export const issueKeyInput = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^([A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*|[0-9]+)$/, {
    error: 'must be an issue key such as PAY-123 (or a numeric issue id)',
  });

export const idempotencyKeyInput = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' })
  .optional()
  .describe(
    'Any unique string (e.g. a UUID). Retrying with the same key within 24 hours returns the first result instead of writing again.',
  );

/** Jira field ids: system (`duedate`) and custom (`customfield_10016`) ones, plus `*all` and `*navigable` for reads. */
export const fieldIdInput = z.string().regex(/^(\*all|\*navigable|[A-Za-z0-9_.-]{1,100})$/, {
  error: 'must be a Jira field id such as customfield_10016',
});

export const fieldListInput = z
  .array(fieldIdInput)
  .max(50)
  .optional()
  .describe(
    'Extra Jira field ids to return raw under `fields` (e.g. ["customfield_10016", "duedate"], or ["*all"])',
  );

/** An Atlassian Document Format document: its root is checked, its nodes are Jira's to judge. */
const adfDocInput = z
  .looseObject({
    type: z.literal('doc'),
    version: z.literal(1),
    content: z.array(z.looseObject({ type: z.string().min(1).max(64) })).max(2000),
  })
  .refine((doc) => JSON.stringify(doc).length <= 200_000, { error: 'document is larger than 200 kB' })
  .refine(nulFree, NO_NUL);

export const richTextInput = z
  .union([textInput(32_000), adfDocInput])
  .describe(
    'Plain text (a blank line starts a new paragraph) or an Atlassian Document Format document ({"type":"doc","version":1,"content":[...]})',
  );
export type RichText = z.infer<typeof richTextInput>;

/** ADF for Jira: documents pass as they are, plain text becomes paragraphs. */
export function toAdf(text: RichText): unknown {
  return typeof text === 'string' ? textToAdf(text) : text;
}

export const customFieldsInput = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, { error: 'must be a Jira field id such as customfield_10016' }),
    z.unknown(),
  )
  .refine((fields) => Object.keys(fields).length <= 50, { error: 'at most 50 fields' })
  .refine(nulFree, NO_NUL)
  .optional()
  .describe(
    'More Jira fields by id, with values as Jira REST v3 expects them, e.g. {"customfield_10016": 5, "duedate": "2026-07-01", "components": [{"name": "API"}]}',
  );

export const labelsInput = z
  .array(textInput(255).regex(/^\S+$/, { error: 'labels cannot contain spaces' }))
  .max(50);

import { z } from 'zod';
import type { FieldError } from './http.ts';

/** Request bodies GitHub accepts on the endpoints the fake serves; unknown keys are ignored as GitHub does. */

const labelRef = z.union([z.string(), z.object({ name: z.string() })]);

export const createIssueBody = z.object({
  title: z.union([z.string().min(1), z.number()]),
  body: z.string().nullable().optional(),
  assignee: z.string().nullable().optional(),
  assignees: z.array(z.string()).optional(),
  labels: z.array(labelRef).optional(),
  milestone: z.union([z.string(), z.number()]).nullable().optional(),
});
export type CreateIssueBody = z.infer<typeof createIssueBody>;

export const updateIssueBody = z.object({
  title: z.union([z.string(), z.number()]).nullable().optional(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']).optional(),
  state_reason: z.enum(['completed', 'not_planned', 'duplicate', 'reopened']).nullable().optional(),
  assignee: z.string().nullable().optional(),
  assignees: z.array(z.string()).optional(),
  labels: z.array(labelRef).optional(),
  milestone: z.union([z.string(), z.number()]).nullable().optional(),
});
export type UpdateIssueBody = z.infer<typeof updateIssueBody>;

export const createCommentBody = z.object({ body: z.string().min(1) });

export const createHookBody = z.object({
  name: z.literal('web').optional(),
  config: z.object({
    url: z.url(),
    content_type: z.enum(['json', 'form']).optional(),
    secret: z.string().optional(),
    insecure_ssl: z.union([z.string(), z.number()]).optional(),
  }),
  events: z.array(z.string()).min(1).optional(),
  active: z.boolean().optional(),
});
export type CreateHookBody = z.infer<typeof createHookBody>;

/** Parses a body, or lists what is wrong in GitHub's `errors` shape (missing fields apart from invalid ones). */
export function parseBody<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  resource: string,
): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ resource, code: 'invalid', message: 'Body must be a JSON object' }] };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    const top = (raw as Record<string, unknown>)[String(issue.path[0] ?? '')];
    if (top === undefined) errors.push({ resource, field, code: 'missing_field' });
    else {
      const error: FieldError = { resource, field, code: 'invalid' };
      if (typeof top === 'string' || typeof top === 'number') error.value = top;
      errors.push(error);
    }
  }
  return { ok: false, errors };
}

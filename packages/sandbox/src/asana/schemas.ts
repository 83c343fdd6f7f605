import { z } from 'zod';

/** The `data` of Asana request bodies the fake accepts (JSON, or form fields as strings). */

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be a date in YYYY-MM-DD format');
const gidList = z.union([
  z.array(z.string()),
  z.string().transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
]);

export const taskFields = z.object({
  name: z.string().optional(),
  notes: z.string().optional(),
  html_notes: z.string().optional(),
  assignee: z.string().nullable().optional(),
  completed: flag.optional(),
  due_on: day.nullable().optional(),
});

export const createTaskData = taskFields.extend({
  projects: gidList.optional(),
  memberships: z.array(z.object({ project: z.string(), section: z.string().optional() })).optional(),
  workspace: z.string().optional(),
});
export type CreateTaskData = z.infer<typeof createTaskData>;
export type UpdateTaskData = z.infer<typeof taskFields>;

/** Fields a task update cannot set (they belong to creation or to their own endpoints). */
export const CREATE_ONLY = ['projects', 'memberships', 'workspace', 'parent'] as const;

export const addProjectData = z.object({
  project: z.string(),
  section: z.string().nullable().optional(),
  insert_before: z.string().nullable().optional(),
  insert_after: z.string().nullable().optional(),
});

export const addTaskData = z.object({
  task: z.string(),
  insert_before: z.string().nullable().optional(),
  insert_after: z.string().nullable().optional(),
});

export const storyData = z.union([
  z.object({ text: z.string().min(1) }),
  z.object({ html_text: z.string().min(1) }),
]);

export const webhookData = z.object({
  resource: z.string(),
  target: z.url(),
  filters: z
    .array(
      z.object({
        resource_type: z.string(),
        resource_subtype: z.string().optional(),
        action: z.string().optional(),
        fields: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

/** The first problem of a body, in Asana's `field: message` form. */
export function parseData<T>(
  schema: z.ZodType<T>,
  data: Record<string, unknown>,
): { ok: true; value: T } | { ok: false; message: string } {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'data';
  const missing = issue?.path.length === 1 && data[String(issue.path[0])] === undefined;
  return {
    ok: false,
    message: missing ? `${field}: Missing input` : `${field}: ${issue?.message ?? 'Invalid input'}`,
  };
}

/** Text of Asana rich text (`<body>…</body>`), for `html_notes` and `html_text`. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

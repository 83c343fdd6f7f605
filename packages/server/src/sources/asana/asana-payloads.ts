import { z } from 'zod';

/**
 * The parts of Asana's REST 1.0 payloads this adapter reads, and the `opt_fields` that ask for exactly them.
 * Objects are loose and nothing is transformed: a parsed payload keeps every upstream field (it is the item's
 * `raw`), while a missing or mistyped field we read is a clear parse error.
 */

// Kept as strings, so a parsed payload is still exactly the upstream's (it becomes the item's `raw`).
const instant = z.iso.datetime({ offset: true });

export const asanaUserSchema = z
  .object({ gid: z.string().min(1), name: z.string().nullish(), email: z.string().nullish() })
  .loose();
export type AsanaUser = z.infer<typeof asanaUserSchema>;

const namedSchema = z.object({ gid: z.string().min(1), name: z.string().nullish() }).loose();
const refSchema = z.object({ gid: z.string().min(1) }).loose();

export const asanaTaskSchema = z
  .object({
    gid: z.string().min(1),
    name: z.string(),
    notes: z.string().nullish(),
    completed: z.boolean(),
    completed_at: instant.nullable(),
    created_at: instant,
    modified_at: instant,
    created_by: asanaUserSchema.nullish(),
    assignee: asanaUserSchema.nullish(),
    memberships: z
      .array(z.object({ project: namedSchema, section: namedSchema.nullish() }).loose())
      .optional(),
    parent: namedSchema.nullish(),
    tags: z.array(namedSchema).optional(),
    custom_fields: z
      .array(
        z
          .object({
            gid: z.string(),
            name: z.string(),
            display_value: z.string().nullish(),
            enum_value: z.object({ name: z.string().nullish() }).loose().nullish(),
          })
          .loose(),
      )
      .optional(),
    dependencies: z.array(refSchema).optional(),
    dependents: z.array(refSchema).optional(),
    resource_subtype: z.string().nullish(),
    due_on: z.string().nullish(),
    due_at: z.string().nullish(),
    start_on: z.string().nullish(),
    permalink_url: z.string().nullish(),
    num_subtasks: z.number().nullish(),
    workspace: refSchema.nullish(),
  })
  .loose();
export type AsanaTask = z.infer<typeof asanaTaskSchema>;

const storySectionSchema = namedSchema.extend({ project: refSchema.nullish() });

export const asanaStorySchema = z
  .object({
    gid: z.string().min(1),
    created_at: instant,
    created_by: asanaUserSchema.nullish(),
    resource_subtype: z.string(),
    text: z.string().nullish(),
    old_section: storySectionSchema.nullish(),
    new_section: storySectionSchema.nullish(),
    assignee: asanaUserSchema.nullish(),
  })
  .loose();
export type AsanaStory = z.infer<typeof asanaStorySchema>;

export const asanaProjectSchema = z
  .object({ gid: z.string().min(1), name: z.string(), team: namedSchema.nullish() })
  .loose();

export const asanaSectionSchema = z.object({ gid: z.string().min(1), name: z.string() }).loose();
export const asanaWorkspaceSchema = z.object({ gid: z.string().min(1), name: z.string().nullish() }).loose();

/** `{"errors": [{"message", "help"}]}`, Asana's error body. */
export const asanaErrorsSchema = z
  .object({ errors: z.array(z.object({ message: z.string() }).loose()) })
  .loose();

const PERSON = ['name', 'email'];
const nested = (prefix: string, fields: readonly string[]) => fields.map((f) => `${prefix}.${f}`);

/** Everything the task mapper reads. */
export const TASK_FIELDS = [
  'name',
  'notes',
  'completed',
  'completed_at',
  'created_at',
  'modified_at',
  ...nested('created_by', PERSON),
  ...nested('assignee', PERSON),
  'memberships.project.name',
  'memberships.section.name',
  'parent.name',
  'tags.name',
  'custom_fields.name',
  'custom_fields.display_value',
  'custom_fields.enum_value.name',
  'dependencies',
  'dependents',
  'resource_subtype',
  'due_on',
  'due_at',
  'start_on',
  'permalink_url',
  'num_subtasks',
  'workspace',
].join(',');

/** Everything the history mapper reads of a story. */
export const STORY_FIELDS = [
  'created_at',
  ...nested('created_by', PERSON),
  'resource_subtype',
  'text',
  'old_section.name',
  'old_section.project',
  'new_section.name',
  'new_section.project',
  ...nested('assignee', PERSON),
].join(',');

import { z } from 'zod';

/**
 * Building blocks of template parameters (design rule 11): strings bounded and free of NUL (PostgreSQL text
 * cannot hold it, and a NUL that reached a driver would be an internal error instead of a client one),
 * identifiers free of every control character, numbers whole and in range, arrays bounded, and every value
 * that selects rows of a fixed set an enum.
 */

/** Free text: `min`–`max` characters, no NUL byte. */
export function safeText(min: number, max: number): z.ZodString {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((value) => !value.includes('\u0000'), { message: 'must not contain NUL bytes' });
}

// eslint-disable-next-line no-control-regex -- the point is to refuse control characters.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** An identifier people type (a project or issue key, an account id or a name): no control characters. */
export function identifier(max = 255): z.ZodString {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !CONTROL.test(value), { message: 'must not contain control characters' });
}

/** A project key in any source's form: PAY, owner/repo, an Asana project gid, a Linear team key. */
export const projectKeySchema = identifier(255).describe(
  'project key as the source shows it: Jira PAY, GitHub owner/repo, Asana project gid, Linear team key',
);

export const instanceIdSchema = z.uuid().describe('restrict to one connected source instance');

export const SOURCES = ['jira', 'github', 'asana', 'linear'] as const;
export const STATUSES = ['open', 'in_progress', 'done', 'closed'] as const;
export const PRIORITIES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export const TYPES = ['bug', 'task', 'story', 'epic', 'issue', 'pr', 'subtask'] as const;

export const sourceSchema = z.enum(SOURCES);
export const statusSchema = z.enum(STATUSES);
export const prioritySchema = z.enum(PRIORITIES);
export const typeSchema = z.enum(TYPES);

/** One enum value or a short list of them; `toList` turns either into the array the SQL binds. */
export function oneOrMany<T extends z.ZodEnum>(value: T) {
  return z.union([value, z.array(value).min(1).max(value.options.length)]);
}

/** The array bound to `$n::text[]`, or null (the filter is off) when the parameter is absent. */
export function toList<T extends string>(value: T | readonly T[] | undefined): T[] | null {
  if (value === undefined) return null;
  return typeof value === 'string' ? [value] : [...new Set(value)];
}

/** A whole number in [min, max] with a default. */
export function boundedInt(min: number, max: number, fallback: number) {
  return z.number().int().min(min).max(max).default(fallback);
}

/** A calendar day, YYYY-MM-DD (UTC). */
export const isoDateSchema = z.iso.date();

import { z } from 'zod';

export const scopeSchema = z.enum(['read', 'write', 'admin']);
export type Scope = z.infer<typeof scopeSchema>;

/** `read,write` as typed on a command line or in a form. */
export const scopeListSchema = z
  .string()
  .transform((s) => s.split(',').map((part) => part.trim()))
  .pipe(z.array(scopeSchema).min(1))
  .transform((scopes) => [...new Set(scopes)]);

/**
 * `write` (Jira writes) and `admin` (instances, tokens) each include `read`; neither includes the other,
 * so an admin token does not silently gain the power to change Jira.
 */
export function hasScope(granted: readonly Scope[], required: Scope): boolean {
  if (granted.includes(required)) return true;
  return required === 'read' && (granted.includes('write') || granted.includes('admin'));
}

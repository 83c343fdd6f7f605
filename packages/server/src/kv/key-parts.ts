import { createHash } from 'node:crypto';

/** Longest encoded part kept readable; longer ones are hashed so a key's length stays bounded. */
const MAX_READABLE_PART = 128;

/**
 * Encodes one user-supplied part of a Redis key so that joining parts with `:` is injective: `%`, `:` and `#`
 * are percent-escaped, so an encoded part never contains `:` and never starts with the `#` that marks a
 * hashed part. Without this, scope `a:b` + key `c` and scope `a` + key `b:c` would share one key.
 */
export function keyPart(value: string): string {
  const escaped = value.replace(/[%:#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (escaped.length <= MAX_READABLE_PART) return escaped;
  return `#${createHash('sha256').update(value, 'utf8').digest('base64url')}`;
}

/** Member names that carry secrets wherever they appear (`api_token`, `clientSecret`, `Authorization`...). */
const SECRET_NAME =
  /pass(word|wd|phrase)?$|secret|token|api[_-]?key|authori[sz]ation|credential|private[_-]?key|cookie|session/i;

/** Names that look like secrets above but are not: the caller's own retry key is evidence worth keeping. */
const NOT_SECRET = new Set(['idempotency_key']);

export const REDACTED = '[redacted]';

/** What PostgreSQL's jsonb cannot hold: NUL, and UTF-16 surrogates without their other half. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what must go.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function storable(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}

/**
 * Tool arguments as the audit log stores them (rule 15): every member named like a secret replaced, at any
 * depth (Jira tools take no secrets, but a model may put one in a custom field), and text jsonb cannot hold
 * replaced by U+FFFD, so that recording a write can never fail because of what the caller sent.
 */
export function auditArguments(value: unknown): unknown {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.map(auditArguments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, member]) => [
      storable(name),
      SECRET_NAME.test(name) && !NOT_SECRET.has(name) ? REDACTED : auditArguments(member),
    ]),
  );
}

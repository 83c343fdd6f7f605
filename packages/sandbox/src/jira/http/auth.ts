import type { FastifyRequest } from 'fastify';
import type { Person } from '../catalog/people.ts';

/** The default API token of the default account (person 0, `demo@example.com`), for Basic and Bearer. */
export const DEFAULT_JIRA_TOKEN = 'sandbox-jira-token';

export type Caller = { kind: 'user'; person: number } | { kind: 'anonymous' } | { kind: 'invalid' };

export interface JiraAuth {
  /** Who a request authenticates as. */
  callerOf(request: FastifyRequest): Caller;
  /** The credential key for per-credential rate limits (e-mail or token), unverified. */
  credentialOf(request: FastifyRequest): string | null;
}

function decodeBasic(header: string): { email: string; token: string } | null {
  const encoded = header.slice('basic '.length).trim();
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { email: text.slice(0, colon), token: text.slice(colon + 1) };
}

/**
 * Jira Cloud's schemes: Basic with `email:api_token`, and Bearer (OAuth 2.0 access tokens).
 * Extra credentials are `email:token` pairs (acting as the person with that e-mail, or person 0 when none has it)
 * or bare bearer tokens (acting as person 0).
 */
export function createJiraAuth(people: readonly Person[], extraCredentials: readonly string[]): JiraAuth {
  const basic = new Map<string, number>();
  const bearer = new Map<string, number>();
  const first = people[0];
  if (first?.email !== null && first?.email !== undefined)
    basic.set(`${first.email.toLowerCase()}:${DEFAULT_JIRA_TOKEN}`, 0);
  bearer.set(DEFAULT_JIRA_TOKEN, 0);
  for (const credential of extraCredentials) {
    const colon = credential.indexOf(':');
    if (colon < 0) {
      bearer.set(credential, 0);
      continue;
    }
    const email = credential.slice(0, colon).toLowerCase();
    const person = people.findIndex((p) => p.email?.toLowerCase() === email);
    basic.set(`${email}:${credential.slice(colon + 1)}`, Math.max(0, person));
  }
  return {
    callerOf(request) {
      const header = request.headers.authorization;
      if (header === undefined || header.trim() === '') return { kind: 'anonymous' };
      const lower = header.toLowerCase();
      if (lower.startsWith('basic ')) {
        const parsed = decodeBasic(header);
        const person =
          parsed === null ? undefined : basic.get(`${parsed.email.toLowerCase()}:${parsed.token}`);
        return person === undefined ? { kind: 'invalid' } : { kind: 'user', person };
      }
      if (lower.startsWith('bearer ')) {
        const person = bearer.get(header.slice('bearer '.length).trim());
        return person === undefined ? { kind: 'invalid' } : { kind: 'user', person };
      }
      return { kind: 'invalid' };
    },
    credentialOf(request) {
      const header = request.headers.authorization;
      if (header === undefined) return null;
      if (header.toLowerCase().startsWith('basic '))
        return decodeBasic(header)?.email.toLowerCase() ?? header;
      return header;
    },
  };
}

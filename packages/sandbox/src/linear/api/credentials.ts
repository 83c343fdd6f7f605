import type { FastifyRequest } from 'fastify';

/** The personal API key every sandbox client may use, sent as Linear's keys are: bare, without `Bearer`. */
export const SANDBOX_LINEAR_KEY = 'sandbox-linear-key';

export type AuthOutcome = { ok: true; credential: string } | { ok: false; message: string };

const NOT_AUTHENTICATED = 'Authentication required, not authenticated';

function headerOf(request: FastifyRequest): string {
  const value = request.headers.authorization;
  return typeof value === 'string' ? value.trim() : '';
}

/** The credential in a request's `Authorization` header, without its scheme; null when there is none. */
export function credentialOf(request: FastifyRequest): string | null {
  const header = headerOf(request);
  if (header === '') return null;
  return /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '') : header;
}

/**
 * Checks a request as Linear does: personal API keys go bare in `Authorization`; OAuth access tokens (the extra
 * credentials) go after `Bearer`. Extra credentials are also taken bare, as further API keys. The default key sent as a
 * Bearer token is refused with Linear's hint.
 */
export function authenticate(request: FastifyRequest, extraCredentials: readonly string[]): AuthOutcome {
  const header = headerOf(request);
  if (header === '') return { ok: false, message: NOT_AUTHENTICATED };
  const bearer = /^bearer\s+/i.test(header);
  const credential = bearer ? header.replace(/^bearer\s+/i, '') : header;
  if (bearer && credential === SANDBOX_LINEAR_KEY) {
    return {
      ok: false,
      message:
        "It looks like you're trying to use an API key as a Bearer token. Remove the Bearer prefix from the Authorization header.",
    };
  }
  if (credential === SANDBOX_LINEAR_KEY || extraCredentials.includes(credential))
    return { ok: true, credential };
  return { ok: false, message: NOT_AUTHENTICATED };
}

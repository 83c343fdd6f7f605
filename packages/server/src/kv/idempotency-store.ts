import { keyPart } from './key-parts.ts';

/** What `reserve` found: the caller now owns the key, or someone else's run is in flight or done. */
export type ReserveResult =
  | { status: 'reserved'; token: string }
  | { status: 'in_flight'; fingerprint: string }
  | { status: 'completed'; fingerprint: string; result: string };

/**
 * Storage for idempotent runs: an entry is reserved atomically by one owner, then completed with a
 * serialized result or released. Entries expire `ttlMs` after their reservation; completing keeps that
 * expiry. Use it through `runIdempotent`, which owns the encoding of results.
 */
export interface IdempotencyStore {
  /** Atomically reserves `fullKey` for a new owner if it is free, else reports what holds it. */
  reserve(fullKey: string, fingerprint: string, ttlMs: number): Promise<ReserveResult>;
  /** Stores `result` if `token` still owns the reservation; false when it does not (expired, released). */
  complete(fullKey: string, token: string, result: string): Promise<boolean>;
  /** Frees the reservation if `token` still owns it, so a retry can run. */
  release(fullKey: string, token: string): Promise<boolean>;
  /** Resolves when the entry may have changed (completed or released), or after `maxWaitMs` at most. */
  waitForChange(fullKey: string, maxWaitMs: number): Promise<void>;
}

/** The store key of (scope, key); both are escaped so a `:` in either cannot reach another scope's key. */
export function idempotencyKey(scope: string, key: string): string {
  return `${keyPart(scope)}:${keyPart(key)}`;
}

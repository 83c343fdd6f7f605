import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { idempotencyKey } from './idempotency-store.ts';
import type { IdempotencyStore } from './idempotency-store.ts';

/** Largest stored result (UTF-8 bytes of its JSON); the store is a cache of answers, not a blob store. */
export const MAX_RESULT_BYTES = 1024 * 1024;

/** Longest pause between two looks at an in-flight entry. */
const MAX_BACKOFF_MS = 200;

export const idempotentRunSchema = z.object({
  /** Who the key belongs to, e.g. tenant and tool; the same key in another scope is another run. */
  scope: z.string().min(1).max(512),
  /** The client's idempotency key. */
  key: z.string().min(1).max(255),
  /** A hash of the operation's arguments, computed by the caller. */
  fingerprint: z.string().min(1).max(512),
  ttlSeconds: z
    .number()
    .positive()
    .max(30 * 86_400)
    .default(86_400),
  /** How long a duplicate waits for an in-flight run before answering `conflict`. */
  waitMs: z.number().int().min(0).max(300_000).default(10_000),
});

export type IdempotentRunOptions = z.input<typeof idempotentRunSchema>;

export interface IdempotentRunResult<T> {
  value: T;
  /** True when `value` is the stored result of an earlier run. */
  replayed: boolean;
}

/**
 * Runs `operation` at most once per (scope, key) within the TTL, across processes sharing the store.
 *
 * - A duplicate that finds the run in flight waits up to `waitMs` and returns its result (`replayed: true`);
 *   past `waitMs` it gets `conflict` with `retryAfter` 1.
 * - The same key with another fingerprint is a `conflict` with `details.reason = 'fingerprint_mismatch'`.
 * - If the operation throws, the reservation is released and the error goes to this caller only. A
 *   duplicate waiting meanwhile then takes the reservation and runs the operation itself, as if it had
 *   arrived just after the failure: a failed run leaves no trace, in one process or many.
 * - Results go through JSON, and the first caller gets the same decoded value every replay will get (so a
 *   non-JSON result shows up at once, not on the first replay). A result that cannot be stored (not
 *   serializable, or over `MAX_RESULT_BYTES`) is an `internal` error, kept as the run's outcome so that a
 *   retry does not repeat an operation that did happen.
 */
export async function runIdempotent<T>(
  store: IdempotencyStore,
  options: IdempotentRunOptions,
  operation: () => Promise<T>,
): Promise<IdempotentRunResult<T>> {
  const parsed = idempotentRunSchema.safeParse(options);
  if (!parsed.success) {
    throw new AppError('validation_error', 'Invalid idempotency key or options.', {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  const { scope, key, fingerprint, ttlSeconds, waitMs } = parsed.data;
  const fullKey = idempotencyKey(scope, key);
  const ttlMs = Math.ceil(ttlSeconds * 1000);
  const deadline = performance.now() + waitMs;
  for (let attempt = 0; ; attempt += 1) {
    const found = await store.reserve(fullKey, fingerprint, ttlMs);
    if (found.status === 'reserved') {
      return { value: await runReserved<T>(store, fullKey, found.token, operation), replayed: false };
    }
    if (found.fingerprint !== fingerprint) {
      throw new AppError('conflict', 'This idempotency key was already used with different arguments.', {
        details: { reason: 'fingerprint_mismatch' },
      });
    }
    if (found.status === 'completed') return { value: decodeResult<T>(found.result), replayed: true };
    const remainingMs = deadline - performance.now();
    if (remainingMs <= 0) {
      throw new AppError('conflict', 'An operation with this idempotency key is still in progress.', {
        details: { reason: 'in_progress' },
        retryAfter: 1,
      });
    }
    // Jitter keeps many duplicates from polling in step.
    const backoffMs = Math.min(MAX_BACKOFF_MS, 5 * 2 ** attempt) * (0.5 + Math.random() / 2);
    await store.waitForChange(fullKey, Math.max(1, Math.min(remainingMs, backoffMs)));
  }
}

async function runReserved<T>(
  store: IdempotencyStore,
  fullKey: string,
  token: string,
  operation: () => Promise<T>,
): Promise<T> {
  let value: T;
  try {
    value = await operation();
  } catch (error) {
    await releaseAfterFailure(store, fullKey, token, error);
    throw error;
  }
  const { record, failure } = encodeResult(value);
  // `false` means our reservation expired while the operation ran (TTL shorter than the run); the value
  // is still this run's answer, so it is returned, just not stored.
  await store.complete(fullKey, token, record);
  if (failure !== undefined) throw failure;
  return decodeResult<T>(record);
}

async function releaseAfterFailure(
  store: IdempotencyStore,
  fullKey: string,
  token: string,
  operationError: unknown,
): Promise<void> {
  try {
    await store.release(fullKey, token);
  } catch (releaseError) {
    // The key now stays in flight until its TTL, so the client must not be told it may simply retry.
    throw new AppError('internal', 'The operation failed and its idempotency key could not be released.', {
      cause: new AggregateError([operationError, releaseError]),
    });
  }
}

const UNSTORABLE = JSON.stringify({ e: 'unstorable' });

function unstorable(cause?: unknown): AppError {
  return new AppError(
    'internal',
    'The operation ran, but its result could not be stored for replay.',
    cause === undefined ? {} : { cause },
  );
}

/** Wraps the value in `{ v }`, so that `undefined` (a write with no answer) round-trips too. */
function encodeResult(value: unknown): { record: string; failure?: AppError } {
  let json: string;
  try {
    json = JSON.stringify({ v: value });
  } catch (cause) {
    return { record: UNSTORABLE, failure: unstorable(cause) };
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_RESULT_BYTES) {
    return {
      record: UNSTORABLE,
      failure: unstorable(new Error(`result is ${bytes} bytes, over ${MAX_RESULT_BYTES}`)),
    };
  }
  return { record: json };
}

function decodeResult<T>(record: string): T {
  const decoded = JSON.parse(record) as { v?: T; e?: string };
  if (decoded.e !== undefined) throw unstorable();
  return decoded.v as T;
}

import { randomUUID } from 'node:crypto';
import { ExpiringMap } from './expiring-map.ts';
import type { IdempotencyStore, ReserveResult } from './idempotency-store.ts';

type Entry =
  | { state: 'in_flight'; token: string; fingerprint: string }
  | { state: 'completed'; fingerprint: string; result: string };

/**
 * The single-process idempotency store. Each method runs to completion without awaiting, so reservation is
 * atomic; duplicates waiting on an entry are woken as soon as it completes or is released.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #now: () => number;
  readonly #entries: ExpiringMap<Entry>;
  readonly #waiters = new Map<string, Set<() => void>>();

  constructor(now: () => number) {
    this.#now = now;
    this.#entries = new ExpiringMap(now);
  }

  reserve(fullKey: string, fingerprint: string, ttlMs: number): Promise<ReserveResult> {
    const entry = this.#entries.get(fullKey);
    if (entry === undefined) {
      const token = randomUUID();
      this.#entries.set(fullKey, { state: 'in_flight', token, fingerprint }, this.#now() + ttlMs);
      return Promise.resolve({ status: 'reserved', token });
    }
    return Promise.resolve(
      entry.state === 'in_flight'
        ? { status: 'in_flight', fingerprint: entry.fingerprint }
        : { status: 'completed', fingerprint: entry.fingerprint, result: entry.result },
    );
  }

  complete(fullKey: string, token: string, result: string): Promise<boolean> {
    const entry = this.#entries.get(fullKey);
    const expiresAt = this.#entries.expiresAt(fullKey);
    if (entry?.state !== 'in_flight' || entry.token !== token || expiresAt === undefined) {
      return Promise.resolve(false);
    }
    this.#entries.set(fullKey, { state: 'completed', fingerprint: entry.fingerprint, result }, expiresAt);
    this.#wake(fullKey);
    return Promise.resolve(true);
  }

  release(fullKey: string, token: string): Promise<boolean> {
    const entry = this.#entries.get(fullKey);
    if (entry?.state !== 'in_flight' || entry.token !== token) return Promise.resolve(false);
    this.#entries.delete(fullKey);
    this.#wake(fullKey);
    return Promise.resolve(true);
  }

  waitForChange(fullKey: string, maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(fullKey) ?? new Set<() => void>();
      this.#waiters.set(fullKey, waiters);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.#waiters.get(fullKey) === waiters) this.#waiters.delete(fullKey);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      waiters.add(done);
    });
  }

  /** Wakes every waiter, so closing the services never leaves a timer or a caller hanging. */
  close(): void {
    for (const key of [...this.#waiters.keys()]) this.#wake(key);
  }

  #wake(fullKey: string): void {
    const waiters = this.#waiters.get(fullKey);
    if (waiters === undefined) return;
    for (const done of [...waiters]) done();
  }
}

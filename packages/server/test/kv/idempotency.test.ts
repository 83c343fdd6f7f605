import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.ts';
import type { IdempotencyStore, ReserveResult } from '../../src/kv/idempotency-store.ts';
import { MAX_RESULT_BYTES, runIdempotent } from '../../src/kv/run-idempotent.ts';
import type { IdempotentRunOptions } from '../../src/kv/run-idempotent.ts';
import { backends, deferred } from './backends.ts';
import type { KvHarness } from './backends.ts';

/**
 * Passes every call through to `store` and reports what `reserve` found, so a test can hold an operation
 * until its duplicates have really seen it in flight. The store itself is the real one.
 */
function observed(store: IdempotencyStore, onReserve: (result: ReserveResult) => void): IdempotencyStore {
  return {
    async reserve(fullKey, fingerprint, ttlMs) {
      const result = await store.reserve(fullKey, fingerprint, ttlMs);
      onReserve(result);
      return result;
    },
    complete: (fullKey, token, result) => store.complete(fullKey, token, result),
    release: (fullKey, token) => store.release(fullKey, token),
    waitForChange: (fullKey, maxWaitMs) => store.waitForChange(fullKey, maxWaitMs),
  };
}

/** Resolves once `count` in-flight sightings were reported. */
function inFlightCounter(count: number): { onReserve: (r: ReserveResult) => void; reached: Promise<void> } {
  const reached = deferred();
  let seen = 0;
  return {
    onReserve(r) {
      if (r.status === 'in_flight') seen += 1;
      if (seen >= count) reached.resolve();
    },
    reached: reached.promise,
  };
}

const base: IdempotentRunOptions = {
  scope: 'tenant-a:jira_create_issue',
  key: 'key-1',
  fingerprint: 'args-1',
};

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );
}

describe.each(backends())('IdempotencyStore and runIdempotent on $name', (backend) => {
  let h: KvHarness;
  beforeEach(async () => {
    h = await backend.open();
  });
  afterEach(async () => {
    await h.close();
  });

  it('runs 50 concurrent duplicates (over two clients) once, and all 50 get its result', async () => {
    const counter = inFlightCounter(49);
    const stores = [
      observed(h.kv.idempotency, counter.onReserve),
      observed(h.peer.idempotency, counter.onReserve),
    ];
    let runs = 0;
    const operation = async (): Promise<{ issue: string; run: number }> => {
      runs += 1;
      const run = runs;
      await counter.reached;
      return { issue: 'PROJ-1', run };
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => runIdempotent(stores[i % 2]!, base, operation)),
    );
    expect(runs).toBe(1);
    expect(results.filter((r) => !r.replayed)).toEqual([
      { value: { issue: 'PROJ-1', run: 1 }, replayed: false },
    ]);
    expect(results.filter((r) => r.replayed)).toEqual(
      Array.from({ length: 49 }, () => ({ value: { issue: 'PROJ-1', run: 1 }, replayed: true })),
    );
  });

  it('replays the first result later, without running the operation again', async () => {
    let runs = 0;
    const operation = (): Promise<string> => Promise.resolve(`created-${++runs}`);
    expect(await runIdempotent(h.kv.idempotency, base, operation)).toEqual({
      value: 'created-1',
      replayed: false,
    });
    expect(await runIdempotent(h.peer.idempotency, base, operation)).toEqual({
      value: 'created-1',
      replayed: true,
    });
    expect(runs).toBe(1);
  });

  it('answers conflict when the same key comes with other arguments, done or in flight', async () => {
    await runIdempotent(h.kv.idempotency, base, () => Promise.resolve('done'));
    const other = { ...base, fingerprint: 'args-2' };
    const afterDone = await failureOf(runIdempotent(h.kv.idempotency, other, () => Promise.resolve('again')));
    expect(afterDone).toBeInstanceOf(AppError);
    expect(afterDone).toMatchObject({ code: 'conflict', details: { reason: 'fingerprint_mismatch' } });

    const gate = deferred();
    const inFlightKey = { ...base, key: 'key-2' };
    const first = runIdempotent(h.kv.idempotency, inFlightKey, () => gate.promise.then(() => 'first'));
    const duringRun = await failureOf(
      runIdempotent(h.peer.idempotency, { ...inFlightKey, fingerprint: 'args-2' }, () =>
        Promise.resolve('x'),
      ),
    );
    expect(duringRun).toMatchObject({ code: 'conflict', details: { reason: 'fingerprint_mismatch' } });
    gate.resolve();
    expect(await first).toEqual({ value: 'first', replayed: false });
  });

  it('answers conflict with retryAfter 1 when the first run is still in flight after waitMs', async () => {
    const gate = deferred();
    const first = runIdempotent(h.kv.idempotency, base, () => gate.promise.then(() => 'slow'));
    const waited = await failureOf(
      runIdempotent(h.peer.idempotency, { ...base, waitMs: 50 }, () => Promise.resolve('duplicate')),
    );
    expect(waited).toBeInstanceOf(AppError);
    expect(waited).toMatchObject({
      code: 'conflict',
      message: 'An operation with this idempotency key is still in progress.',
      retryAfter: 1,
      details: { reason: 'in_progress' },
    });
    gate.resolve();
    expect(await first).toEqual({ value: 'slow', replayed: false });
    expect(await runIdempotent(h.peer.idempotency, base, () => Promise.resolve('late'))).toEqual({
      value: 'slow',
      replayed: true,
    });
  });

  it('releases the key when the operation fails: the error reaches its caller, and a retry runs', async () => {
    const upstream = new Error('upstream is down');
    const failed = await failureOf(runIdempotent(h.kv.idempotency, base, () => Promise.reject(upstream)));
    expect(failed).toBe(upstream);
    expect(await runIdempotent(h.peer.idempotency, base, () => Promise.resolve('second try'))).toEqual({
      value: 'second try',
      replayed: false,
    });
  });

  it('lets a duplicate that waited on a failed run take over and run the operation itself', async () => {
    const counter = inFlightCounter(1);
    const gate = deferred();
    const first = failureOf(
      runIdempotent(h.kv.idempotency, base, async () => {
        await gate.promise;
        throw new Error('first run failed');
      }),
    );
    const duplicate = runIdempotent(observed(h.peer.idempotency, counter.onReserve), base, () =>
      Promise.resolve('duplicate ran'),
    );
    await counter.reached;
    gate.resolve();
    expect(await first).toMatchObject({ message: 'first run failed' });
    expect(await duplicate).toEqual({ value: 'duplicate ran', replayed: false });
  });

  it('runs again once the TTL has passed', async () => {
    let runs = 0;
    const operation = (): Promise<number> => Promise.resolve(++runs);
    const options = { ...base, ttlSeconds: 0.2 };
    expect(await runIdempotent(h.kv.idempotency, options, operation)).toEqual({ value: 1, replayed: false });
    expect(await runIdempotent(h.kv.idempotency, options, operation)).toEqual({ value: 1, replayed: true });
    await h.elapse(300);
    expect(await runIdempotent(h.kv.idempotency, options, operation)).toEqual({ value: 2, replayed: false });
  });

  it('keeps scopes (tenants, tools) apart, also when scope and key differ only around ":"', async () => {
    const cases: IdempotentRunOptions[] = [
      { scope: 'tenant-a:jira_create_issue', key: 'k1', fingerprint: 'f' },
      { scope: 'tenant-b:jira_create_issue', key: 'k1', fingerprint: 'f' },
      { scope: 'tenant-a:jira_add_comment', key: 'k1', fingerprint: 'f' },
      { scope: 'tenant-a', key: 'jira_create_issue:k1', fingerprint: 'f' },
      { scope: 'tenant-a:jira_create_issue:k1', key: '#', fingerprint: 'f' },
      { scope: 'x'.repeat(300), key: 'k1', fingerprint: 'f' },
      { scope: 'x'.repeat(301), key: 'k1', fingerprint: 'f' },
    ];
    const results = await Promise.all(
      cases.map((options, i) => runIdempotent(h.kv.idempotency, options, () => Promise.resolve(i))),
    );
    expect(results).toEqual(cases.map((_, i) => ({ value: i, replayed: false })));
  });

  it('returns the JSON form of the result to the first caller too, so replays match it', async () => {
    const operation = (): Promise<unknown> =>
      Promise.resolve({ at: new Date(0), dropped: undefined, list: [1, 'two', null] });
    const expected = { at: '1970-01-01T00:00:00.000Z', list: [1, 'two', null] };
    expect(await runIdempotent(h.kv.idempotency, base, operation)).toEqual({
      value: expected,
      replayed: false,
    });
    expect(await runIdempotent(h.kv.idempotency, base, operation)).toEqual({
      value: expected,
      replayed: true,
    });

    const noAnswer = { ...base, key: 'void' };
    expect(await runIdempotent(h.kv.idempotency, noAnswer, () => Promise.resolve(undefined))).toEqual({
      value: undefined,
      replayed: false,
    });
    expect(await runIdempotent(h.kv.idempotency, noAnswer, () => Promise.resolve('ran again'))).toEqual({
      value: undefined,
      replayed: true,
    });
  });

  it('refuses a result over 1 MB with an internal error, and a retry does not run the operation again', async () => {
    let runs = 0;
    const operation = (): Promise<string> => {
      runs += 1;
      return Promise.resolve('x'.repeat(MAX_RESULT_BYTES));
    };
    const expected = {
      code: 'internal',
      message: 'The operation ran, but its result could not be stored for replay.',
    };
    const first = await failureOf(runIdempotent(h.kv.idempotency, base, operation));
    expect(first).toBeInstanceOf(AppError);
    expect(first).toMatchObject(expected);
    expect(await failureOf(runIdempotent(h.peer.idempotency, base, operation))).toMatchObject(expected);
    expect(runs).toBe(1);
  });

  it('refuses malformed options with a validation error', async () => {
    const bad: IdempotentRunOptions[] = [
      { ...base, key: '' },
      { ...base, key: 'k'.repeat(256) },
      { ...base, scope: '' },
      { ...base, fingerprint: '' },
      { ...base, ttlSeconds: 0 },
      { ...base, ttlSeconds: Number.NaN },
      { ...base, waitMs: -1 },
    ];
    let runs = 0;
    for (const options of bad) {
      const error = await failureOf(runIdempotent(h.kv.idempotency, options, () => Promise.resolve(++runs)));
      expect(error).toMatchObject({
        code: 'validation_error',
        message: 'Invalid idempotency key or options.',
      });
    }
    expect(runs).toBe(0);
  });

  it('lets only the owner token complete or release a reservation, and keeps a completed entry', async () => {
    const store = h.kv.idempotency;
    const reserved = await store.reserve('low-level', 'fp', 60_000);
    if (reserved.status !== 'reserved') throw new Error(`expected a reservation, got ${reserved.status}`);
    expect(reserved.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(await h.peer.idempotency.reserve('low-level', 'other', 60_000)).toEqual({
      status: 'in_flight',
      fingerprint: 'fp',
    });
    expect(await store.release('low-level', 'not-the-token')).toBe(false);
    expect(await store.complete('low-level', 'not-the-token', '{"v":1}')).toBe(false);
    expect(await store.complete('low-level', reserved.token, '{"v":2}')).toBe(true);
    expect(await store.release('low-level', reserved.token)).toBe(false);
    expect(await h.peer.idempotency.reserve('low-level', 'fp', 60_000)).toEqual({
      status: 'completed',
      fingerprint: 'fp',
      result: '{"v":2}',
    });
  });
});

import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { extendedQuery } from './extended-query.ts';

/**
 * Wraps a node-postgres pool for Kysely's PostgresDialect so that:
 * - every query uses the extended protocol, even without parameters (with the simple protocol a string
 *   like `COMMIT; <anything>` would run as two statements and escape a read-only transaction; rule 9);
 * - a connection on which any query failed is destroyed on release instead of returning to the pool
 *   (rule 4: no half-rolled-back state, no leftover tenant);
 * - each new connection first switches to `role`, when given (the runtime role, rule 3).
 */
export function guardedPool(pool: pg.Pool, options: { role?: string | undefined }): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, GuardedClient>();
  const initialized = new WeakSet<pg.PoolClient>();
  return {
    async connect() {
      const inner = await pool.connect();
      if (options.role !== undefined && !initialized.has(inner)) {
        try {
          // The role name comes from code, never from input; identifiers cannot be bound as parameters.
          await inner.query(extendedQuery(`set role "${options.role.replaceAll('"', '""')}"`));
        } catch (error) {
          inner.release(true);
          throw error;
        }
        initialized.add(inner);
      }
      let wrapper = wrappers.get(inner);
      if (wrapper === undefined) {
        wrapper = new GuardedClient(inner);
        wrappers.set(inner, wrapper);
      }
      // Kysely only calls query(sql, parameters) and release(); it never passes a cursor here.
      return wrapper as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

class GuardedClient {
  #failed = false;
  readonly #inner: pg.PoolClient;

  constructor(inner: pg.PoolClient) {
    this.#inner = inner;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const result = this.#inner.query(extendedQuery(sql, parameters));
    return (result as unknown as Promise<PostgresQueryResult<R>>).catch((error: unknown) => {
      this.#failed = true;
      throw error;
    });
  }

  release(): void {
    const destroy = this.#failed;
    this.#failed = false;
    this.#inner.release(destroy);
  }
}

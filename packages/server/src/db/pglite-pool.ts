import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type { Mutex } from './mutex.ts';

type Command = PostgresQueryResult<unknown>['command'];

/**
 * Presents one PGlite instance to Kysely's PostgresDialect as a pool of one connection. The owner and the
 * runtime views share the instance and its mutex; the runtime view switches to `role` for as long as it
 * holds the connection. PGlite's `query` always uses the extended protocol (rule 9). After a failed query
 * the connection cannot be destroyed, so release rolls back anything left open and resets the role: the
 * tenant setting is transaction-local and dies with the transaction (rule 4).
 */
export function pglitePool(
  pglite: PGlite,
  mutex: Mutex,
  options: { role?: string | undefined; onClose?: () => Promise<void> },
): PostgresPool {
  return {
    async connect() {
      const unlock = await mutex.acquire();
      try {
        if (options.role !== undefined)
          await pglite.query(`set role "${options.role.replaceAll('"', '""')}"`);
      } catch (error) {
        unlock();
        throw error;
      }
      // Kysely only calls query(sql, parameters) and release(); it never passes a cursor here.
      return new PgliteClient(pglite, options.role !== undefined, unlock) as unknown as PostgresPoolClient;
    },
    end: async () => {
      await options.onClose?.();
    },
  };
}

class PgliteClient {
  #failed = false;
  #failedInTransaction = false;
  readonly #pglite: PGlite;
  readonly #resetRole: boolean;
  readonly #unlock: () => void;

  constructor(pglite: PGlite, resetRole: boolean, unlock: () => void) {
    this.#pglite = pglite;
    this.#resetRole = resetRole;
    this.#unlock = unlock;
  }

  async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const command = commandOf(sql);
    if (/^\s*(begin|start)\b/i.test(sql)) this.#failedInTransaction = false;
    try {
      const result = await this.#pglite.query<R>(sql, [...parameters]);
      // PostgreSQL answers COMMIT of an aborted transaction with a ROLLBACK tag, which Kysely checks;
      // PGlite does not expose the tag, so report it from what this connection saw.
      const tag = command === 'COMMIT' && this.#failedInTransaction ? 'ROLLBACK' : command;
      return { command: tag, rowCount: result.affectedRows ?? 0, rows: result.rows };
    } catch (error) {
      this.#failed = true;
      this.#failedInTransaction = true;
      throw error;
    }
  }

  release(): void {
    const failed = this.#failed;
    this.#failed = false;
    void this.#cleanup(failed).finally(this.#unlock);
  }

  async #cleanup(failed: boolean): Promise<void> {
    try {
      // Outside a transaction ROLLBACK only warns; inside a failed one it is the way out.
      if (failed) await this.#pglite.query('rollback');
      if (this.#resetRole) await this.#pglite.query('reset role');
    } catch {
      // Nothing left to clean: the next connect() sets the role again.
    }
  }
}

// Kysely only reads `command` to report affected rows of writes and to detect COMMIT turned ROLLBACK.
function commandOf(sql: string): Command {
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  switch (word) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'COMMIT':
    case 'ROLLBACK':
      return word;
    case 'WITH':
      return 'UPDATE';
    default:
      return 'SELECT';
  }
}

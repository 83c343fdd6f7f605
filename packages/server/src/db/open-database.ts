import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import type { Database } from './database.ts';
import { extendedQuery } from './extended-query.ts';
import { Mutex } from './mutex.ts';
import { guardedPool } from './pg-pool.ts';
import { pglitePool } from './pglite-pool.ts';

/** The role every request runs as (created by the first migration). */
export const RUNTIME_ROLE = 'ds_runtime';

/** A raw owner session, for migration files (several statements each) and catalog checks. */
export interface OwnerSession {
  exec(statements: string): Promise<void>;
  query<R>(sql: string, parameters?: unknown[]): Promise<R[]>;
}

export interface DatabaseHandle {
  readonly kind: 'pglite' | 'postgres';
  /** As the runtime role, under RLS: everything that serves a request goes through here. */
  readonly runtime: Kysely<Database>;
  /** As the owner: tenant administration and migrations only. */
  readonly owner: Kysely<Database>;
  withOwnerSession<T>(fn: (session: OwnerSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Errors of idle pooled connections (a server restart, say): logged, never thrown. */
  onIdleError: (error: Error) => void;
}

// timestamptz/date as Date, int8 and numeric as strings are pg's defaults; keep bigint counts as numbers.
const PG_INT8 = 20;

export async function openDatabase(
  config: Config['database'],
  options: OpenDatabaseOptions,
): Promise<DatabaseHandle> {
  return config.kind === 'pglite' ? openPglite(config.dataDir) : openPostgres(config, options);
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    extensions: { pg_trgm, btree_gin },
    parsers: { [PG_INT8]: (value: string) => Number(value) },
  });
  const mutex = new Mutex();
  let closed = false;
  const closeOnce = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    const unlock = await mutex.acquire();
    try {
      await pglite.close();
    } finally {
      unlock();
    }
  };
  const runtime = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pglitePool(pglite, mutex, { role: RUNTIME_ROLE }) }),
  });
  const owner = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pglitePool(pglite, mutex, {}) }),
  });
  return {
    kind: 'pglite',
    runtime,
    owner,
    async withOwnerSession(fn) {
      const unlock = await mutex.acquire();
      try {
        return await fn({
          exec: async (statements) => {
            await pglite.exec(statements);
          },
          query: async <R>(sql: string, parameters: unknown[] = []) =>
            (await pglite.query<R>(sql, parameters)).rows,
        });
      } finally {
        unlock();
      }
    },
    async close() {
      if (closed) return;
      await runtime.destroy();
      await owner.destroy();
      await closeOnce();
    },
  };
}

function openPostgres(
  config: Extract<Config['database'], { kind: 'postgres' }>,
  options: OpenDatabaseOptions,
): DatabaseHandle {
  const types = { getTypeParser: typeParser };
  const runtimePool = new pg.Pool({ connectionString: config.url, max: config.poolMax, types });
  const ownerPool = new pg.Pool({
    connectionString: config.migrationUrl,
    max: 2,
    idleTimeoutMillis: 5_000,
    types,
  });
  runtimePool.on('error', options.onIdleError);
  ownerPool.on('error', options.onIdleError);
  const runtime = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: guardedPool(runtimePool, { role: RUNTIME_ROLE }) }),
  });
  const owner = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guardedPool(ownerPool, {}) }) });
  let closed = false;
  return {
    kind: 'postgres',
    runtime,
    owner,
    async withOwnerSession(fn) {
      const client = await ownerPool.connect();
      let failed = false;
      try {
        return await fn({
          // Migration files are code shipped with the app, never input: the simple protocol runs them whole.
          exec: async (statements) => {
            await client.query(statements);
          },
          query: async <R>(sql: string, parameters: unknown[] = []) =>
            (await client.query(extendedQuery(sql, parameters))).rows as R[],
        });
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        client.release(failed);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await runtime.destroy();
      await owner.destroy();
    },
  };
}

function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === PG_INT8) return (value: string) => Number(value);
  return (format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid)) as (
    value: string,
  ) => unknown;
}

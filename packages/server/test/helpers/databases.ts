import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadMigrations, migrate } from '../../src/db/migrations.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when DATABASE_URL is set (CI sets it). */
export function databaseKinds(): DatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** The backend the heavier end-to-end tests use: PostgreSQL when configured, else PGlite. */
export function preferredDatabaseKind(): DatabaseKind {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

export interface TestDatabase {
  kind: DatabaseKind;
  handle: DatabaseHandle;
  /** Connection URL of the fresh database (postgres only), for tests that build a whole app config. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own: an in-memory PGlite, or a new database on the server. */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { poolMax?: number } = {},
): Promise<TestDatabase> {
  const onIdleError = (): void => {};
  if (kind === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, { onIdleError });
    await migrate(handle, await loadMigrations());
    return { kind, handle, url: undefined, drop: () => handle.close() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `ds_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase(
    { kind: 'postgres', url: url.toString(), migrationUrl: url.toString(), poolMax: options.poolMax ?? 5 },
    { onIdleError },
  );
  await migrate(handle, await loadMigrations());
  return {
    kind,
    handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { DatabaseHandle } from './open-database.ts';

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

const DEFAULT_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 7_311_002;

/** Reads the versioned plain-SQL migrations, in order. */
export async function loadMigrations(dir: string = DEFAULT_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => FILE_PATTERN.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const [, version = '', name = ''] = FILE_PATTERN.exec(file) ?? [];
      const sql = await readFile(`${dir}/${file}`, 'utf8');
      return { version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Applies pending migrations as the owner, each in its own transaction, under an advisory lock so that
 * several processes starting at once apply each migration exactly once. Refuses to run when an applied
 * migration's file has changed since.
 */
export async function migrate(db: DatabaseHandle, migrations: Migration[]): Promise<{ applied: string[] }> {
  return db.withOwnerSession(async (session) => {
    await session.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await session.exec(`create table if not exists schema_migrations (
        version text primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
      const rows = await session.query<{ version: string; checksum: string }>(
        'select version, checksum from schema_migrations',
      );
      const done = new Map(rows.map((r) => [r.version, r.checksum]));
      const applied: string[] = [];
      for (const m of migrations) {
        const checksum = done.get(m.version);
        if (checksum !== undefined) {
          if (checksum !== m.checksum) {
            throw new Error(
              `migration ${m.version}_${m.name} was changed after it was applied; add a new one instead`,
            );
          }
          continue;
        }
        await session.exec('begin');
        try {
          await session.exec(m.sql);
          await session.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
            m.version,
            m.name,
            m.checksum,
          ]);
          await session.exec('commit');
        } catch (error) {
          await session.exec('rollback');
          throw new Error(`migration ${m.version}_${m.name} failed`, { cause: error });
        }
        applied.push(m.version);
      }
      return { applied };
    } finally {
      await session.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

/** Versions not yet applied, as the runtime role sees them (for /ready). */
export async function pendingMigrations(
  runtime: Kysely<Database>,
  migrations: Migration[],
): Promise<string[]> {
  const rows = await runtime.selectFrom('schema_migrations').select('version').execute();
  const applied = new Set(rows.map((r) => r.version));
  return migrations.map((m) => m.version).filter((v) => !applied.has(v));
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { createTestDatabase, preferredDatabaseKind, type TestDatabase } from './databases.ts';

/**
 * An environment for running the CLI or the server as a user would: a fresh data directory and, when
 * DATABASE_URL is set, a fresh PostgreSQL database (else the embedded PGlite in the data directory).
 */
export async function cliEnvironment(): Promise<{
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ds-cli-'));
  let database: TestDatabase | undefined;
  const env: Record<string, string> = { DS_DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
  if (preferredDatabaseKind() === 'postgres') {
    database = await createTestDatabase('postgres');
    await database.handle.close();
    env.DATABASE_URL = database.url ?? '';
  }
  if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  return {
    env,
    cleanup: async () => {
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export class BufferIo implements CliIo {
  stdout: string[] = [];
  stderr: string[] = [];
  out(text: string): void {
    this.stdout.push(text);
  }
  err(text: string): void {
    this.stderr.push(text);
  }
}

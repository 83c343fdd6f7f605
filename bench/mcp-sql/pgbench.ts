import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The path of pgbench, or undefined when it is not installed. */
export async function findPgbench(): Promise<string | undefined> {
  try {
    const { stdout } = await run('which', ['pgbench']);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A bound value as the text PostgreSQL would parse for its (cast) parameter type. */
function pgText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return `{${value.map((v) => (v === null ? 'NULL' : `"${pgText(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`;
  }
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * pgbench reads `:name` as a variable everywhere, string literals included ('HH24:MI:SS' would lose its
 * colons): inside literals, a colon becomes `' || chr(58) || '`, which the planner folds back to a constant.
 */
export function escapeLiteralColons(sql: string): string {
  let out = '';
  let inLiteral = false;
  for (const ch of sql) {
    if (ch === "'") inLiteral = !inLiteral;
    out += inLiteral && ch === ':' ? "' || chr(58) || '" : ch;
  }
  return out;
}

export interface PgbenchStatement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * Runs the statements with pgbench (one client, `-M prepared`), one script per statement chosen at random
 * with equal weights, `transactions` times; returns the latency of each transaction in ms (from its
 * per-transaction log). `$n` become pgbench variables, bound as parameters of the prepared statement; a
 * NULL or an empty string cannot be a pgbench variable, so those are written as literals.
 */
export async function runPgbench(
  pgbench: string,
  url: string,
  statements: readonly PgbenchStatement[],
  transactions: number,
): Promise<number[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ds-bench-pgbench-'));
  try {
    const args = ['-n', '-M', 'prepared', '-c', '1', '-j', '1', '-t', String(transactions), '-l'];
    args.push(`--log-prefix=${path.join(dir, 'log')}`);
    for (const [s, statement] of statements.entries()) {
      const script = escapeLiteralColons(statement.sql).replace(/\$(\d+)/g, (_, n: string) => {
        const value = statement.parameters[Number(n) - 1];
        if (value === null || value === undefined) return 'NULL';
        // pgbench cannot define an empty variable either.
        if (value === '') return "''";
        if (!args.includes(`s${s}p${n}=${pgText(value)}`)) args.push('-D', `s${s}p${n}=${pgText(value)}`);
        return `:s${s}p${n}`;
      });
      const file = path.join(dir, `script${s}.sql`);
      await writeFile(file, `${script.trim().replace(/;\s*$/, '')};\n`);
      args.push('-f', `${file}@1`);
    }
    args.push(url);
    await run(pgbench, args, { maxBuffer: 16 * 1024 * 1024 });
    const samples: number[] = [];
    for (const file of (await readdir(dir)).filter((f) => f.startsWith('log'))) {
      for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
        // client_id transaction_no time(us) script_no time_epoch time_us
        const fields = line.trim().split(/\s+/);
        if (fields.length >= 3) samples.push(Number(fields[2]) / 1000);
      }
    }
    return samples;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

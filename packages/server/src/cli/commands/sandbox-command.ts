import {
  defaultCredentials,
  SandboxConfigSchema,
  startSandbox,
  type ServiceName,
} from '@digital-spiral/sandbox';
import closeWithGrace from 'close-with-grace';
import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.ts';
import type { CliIo } from '../cli-io.ts';

const SERVICES: ServiceName[] = ['jira', 'github', 'asana', 'linear'];

function parseSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 200_000)
    throw new AppError('validation_error', '--size must be an integer from 0 to 200000');
  return n;
}

/** `sandbox`: the four fakes on their own, with their credentials printed. */
export function registerSandboxCommand(program: Command, io: CliIo): void {
  program
    .command('sandbox')
    .description('run the fakes of Jira (8070), GitHub (8071), Asana (8072) and Linear (8073)')
    .option('--size <n>', 'work items per service', '2000')
    .option('--seed <n>', 'seed of the generated data', '42')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--jira-size <n>', 'Jira issues (default: --size)')
    .option('--github-size <n>', 'GitHub issues and pull requests (default: --size)')
    .option('--asana-size <n>', 'Asana tasks (default: --size)')
    .option('--linear-size <n>', 'Linear issues (default: --size)')
    .option('--ephemeral-ports', 'listen on free ports instead of 8070-8073')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const size = parseSize(String(options.size));
      const sizeOf = (name: ServiceName): number => {
        const own = options[`${name}Size`];
        return typeof own === 'string' ? parseSize(own) : size;
      };
      const parsed = SandboxConfigSchema.safeParse({
        host: options.host,
        seed: Number(options.seed),
        ...Object.fromEntries(
          SERVICES.map((s) => [
            s,
            { size: sizeOf(s), ...(options.ephemeralPorts === true ? { port: 0 } : {}) },
          ]),
        ),
      });
      if (!parsed.success)
        throw new AppError(
          'validation_error',
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const sandbox = await startSandbox(parsed.data);
      const closed = new Promise<void>((resolve) => {
        closeWithGrace({ delay: 5_000 }, async () => {
          await sandbox.close();
          resolve();
        });
      });
      io.err(`Sandbox up in ${sandbox.startupMs} ms (seed ${parsed.data.seed}):`);
      for (const name of SERVICES) {
        const url = sandbox.urls[name];
        if (url !== undefined)
          io.err(
            `  ${name.padEnd(7)} ${url}   ${defaultCredentials[name].kind}: ${Object.values(defaultCredentials[name].values).join(' / ')}`,
          );
      }
      io.err(
        'Faults and data changes: PUT /_sandbox/faults, POST /_sandbox/mutate, GET /_sandbox/stats on each port.',
      );
      io.err('Press Ctrl+C to stop.');
      await closed;
    });
}

import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.ts';
import { isAppError } from '../errors/app-error.ts';
import type { CliIo } from './cli-io.ts';
import { registerAdminCommands } from './commands/admin-commands.ts';
import { registerMcpCommand } from './commands/mcp-command.ts';
import { registerSandboxCommand } from './commands/sandbox-command.ts';
import { registerServeCommand } from './commands/serve-command.ts';
import { registerWorkerCommand } from './commands/worker-command.ts';
import type { Env } from './with-context.ts';

export function buildProgram(env: Env, io: CliIo): Command {
  const program = new Command('digital-spiral')
    .description('Digital Spiral: project-management data for AI assistants, over MCP')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerServeCommand(program, env, io);
  registerAdminCommands(program, env, io);
  registerMcpCommand(program, env);
  registerWorkerCommand(program, env, io);
  registerSandboxCommand(program, io);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns its exit code; every failure is one clear line on stderr. */
export async function runCli(argv: readonly string[], env: Env, io: CliIo): Promise<number> {
  try {
    await buildProgram(env, io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      io.err(`error: ${error.message}`);
      return 78;
    }
    if (isAppError(error)) {
      io.err(`error: ${error.message}`);
      return error.code === 'validation_error' ? 64 : 1;
    }
    io.err(`error: ${error instanceof Error ? error.message.split('\n')[0] : 'unexpected failure'}`);
    return 1;
  }
}

import closeWithGrace from 'close-with-grace';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { createLogger } from '../../observability/logger.ts';
import { createAppContext } from '../../runtime/app-context.ts';
import { createSyncWorker } from '../../runtime/sync-runtime.ts';
import { runScheduler } from '../../sync/sync-scheduler.ts';
import type { CliIo } from '../cli-io.ts';
import type { Env } from '../with-context.ts';

/**
 * `worker`: sync workers and the scheduler without any HTTP server, to scale syncing on its own. Several
 * may run against one PostgreSQL database (the embedded one is single-process).
 */
export function registerWorkerCommand(program: Command, env: Env, io: CliIo): void {
  program
    .command('worker')
    .description('run sync workers (and the incremental-sync scheduler) without HTTP servers')
    .action(async () => {
      const config = loadConfig(env);
      const logger = createLogger({ level: config.logLevel });
      const ctx = await createAppContext(config, logger, { migrate: true });
      const worker = createSyncWorker(ctx);
      const stop = new AbortController();
      worker.start();
      const scheduler = runScheduler(ctx.db, logger, {
        everyMs: 5_000,
        signal: stop.signal,
        onQueued: () => worker.poke(),
      });
      const closed = new Promise<void>((resolve) => {
        closeWithGrace({ delay: 10_000 }, async () => {
          stop.abort();
          await scheduler;
          await worker.stop();
          await ctx.close();
          resolve();
        });
      });
      io.err(`sync worker ${worker.id} running; Ctrl+C to stop`);
      await closed;
    });
}

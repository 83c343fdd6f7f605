import closeWithGrace from 'close-with-grace';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config/config.ts';
import { AppError } from '../../errors/app-error.ts';
import { createLogger } from '../../observability/logger.ts';
import { createAppContext } from '../../runtime/app-context.ts';
import { startDemoSources } from '../../runtime/demo-sources.ts';
import { ensureDemoTenant } from '../../runtime/demo.ts';
import { SERVER_NAMES, startServers } from '../../runtime/start-servers.ts';
import { createSyncWorker } from '../../runtime/sync-runtime.ts';
import { runScheduler } from '../../sync/sync-scheduler.ts';
import type { CliIo } from '../cli-io.ts';
import type { Env } from '../with-context.ts';

/** `serve`: all three servers in one process, or one of them (`--only`) to scale them separately. */
export function registerServeCommand(program: Command, env: Env, io: CliIo): void {
  program
    .command('serve')
    .description('run the orchestrator (8000), MCP Jira (8055) and MCP SQL (8056) servers')
    .option('--only <server>', `run one server: ${SERVER_NAMES.join(' | ')}`)
    .action(async (options: { only?: string }) => {
      const only = z.enum(SERVER_NAMES).optional().safeParse(options.only);
      if (!only.success)
        throw new AppError('validation_error', `--only must be one of ${SERVER_NAMES.join(', ')}`);
      const config = loadConfig(env);
      const logger = createLogger({ level: config.logLevel });
      const ctx = await createAppContext(config, logger, { migrate: true });
      const servers = await startServers(ctx, only.data === undefined ? SERVER_NAMES : [only.data]).catch(
        async (error: unknown) => {
          await ctx.close();
          throw error;
        },
      );
      const demo = config.demo ? await ensureDemoTenant(ctx) : undefined;
      const sandbox =
        demo === undefined
          ? undefined
          : await startDemoSources(ctx, {
              tenantId: demo.tenantId,
              tokenId: demo.tokenId,
              userId: null,
              requestId: 'demo-bootstrap',
            });
      // The orchestrator's process also runs the sync worker and the incremental-sync scheduler.
      const runsSync = servers.urls.api !== undefined;
      const worker = runsSync ? createSyncWorker(ctx) : undefined;
      const schedulerStop = new AbortController();
      worker?.start();
      const scheduler = runsSync
        ? runScheduler(ctx.db, logger, {
            everyMs: 5_000,
            signal: schedulerStop.signal,
            onQueued: () => worker?.poke(),
          })
        : Promise.resolve();

      // Registered before the banner: a signal sent as soon as the banner shows must find it.
      const closed = new Promise<void>((resolve) => {
        closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
          if (err !== undefined) logger.error({ err }, 'shutting down after an error');
          else logger.info({ signal }, 'shutting down');
          schedulerStop.abort();
          await scheduler;
          await worker?.stop();
          await servers.close();
          await sandbox?.close();
          await ctx.close();
          resolve();
        });
      });
      io.err('');
      io.err('Digital Spiral is up.');
      for (const [name, url] of Object.entries(servers.urls)) io.err(`  ${name.padEnd(9)} ${url}`);
      io.err(
        `  database  ${config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir}` : 'PostgreSQL'}`,
      );
      io.err(`  cache     ${config.redis.kind === 'redis' ? 'Redis' : 'in-memory (single process)'}`);
      if (demo !== undefined) {
        io.err('');
        io.err(
          `Demo tenant 'demo', synced from the sandbox fakes (${Object.entries(sandbox?.urls ?? {})
            .map(([name, url]) => `${name} ${url}`)
            .join(', ')}).`,
        );
        io.err(`Token (read, write, admin):`);
        io.err(`  ${demo.token}`);
        if (servers.urls.api !== undefined) {
          io.err(`Try: curl -H "Authorization: Bearer ${demo.token}" ${servers.urls.api}/api/v1/me`);
        }
      }
      io.err('');
      io.err('Press Ctrl+C to stop.');
      await closed;
    });
}

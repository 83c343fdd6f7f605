import { loadConfig } from '../config/config.ts';
import { createLogger } from '../observability/logger.ts';
import { createAppContext, type AppContext } from '../runtime/app-context.ts';

export type Env = Record<string, string | undefined>;

/**
 * Runs a one-shot command with a full context. Commands log only warnings (to stderr) so their own
 * output stays readable; servers log JSON at the configured level.
 */
export async function withCommandContext<T>(
  env: Env,
  options: { migrate: boolean },
  fn: (ctx: AppContext) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const ctx = await createAppContext(config, logger, { migrate: options.migrate, defaultMetrics: false });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

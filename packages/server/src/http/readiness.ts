import { sql } from 'kysely';
import { pendingMigrations } from '../db/migrations.ts';
import type { AppContext } from '../runtime/app-context.ts';
import type { ReadinessCheck } from './plugins/health.ts';

/** Database reachable as the runtime role, migrations current, Redis (or memory) answering. */
export function readinessChecks(ctx: AppContext): Record<string, ReadinessCheck> {
  return {
    database: async () => {
      await sql`select 1`.execute(ctx.db.runtime);
      return 'ok';
    },
    migrations: async () => {
      const pending = await pendingMigrations(ctx.db.runtime, ctx.migrations);
      return pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
    },
    redis: async () => ((await ctx.kv.ping()) ? 'ok' : 'unreachable'),
  };
}

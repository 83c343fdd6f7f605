import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultCredentials, startSandbox, type Sandbox } from '@digital-spiral/sandbox';
import { withTenant } from '../db/with-tenant.ts';
import { isAppError } from '../errors/app-error.ts';
import { listInstances, updateInstance } from '../repositories/source-instances.ts';
import { createInstance, type Actor } from '../services/instances.ts';
import { startJob } from '../services/sync-jobs.ts';
import type { SourceType } from '../sources/source-type.ts';
import type { AppContext } from './app-context.ts';
import { syncServiceDeps } from './sync-runtime.ts';

const DEMO_SIZES: Record<SourceType, number> = { jira: 1500, github: 400, asana: 400, linear: 400 };
const NAMES: Record<SourceType, string> = {
  jira: 'Demo Jira',
  github: 'Demo GitHub',
  asana: 'Demo Asana',
  linear: 'Demo Linear',
};

function connection(
  sandbox: Sandbox,
  source: SourceType,
): { base_url: string; credentials: Record<string, unknown> } {
  const url = sandbox.urls[source] ?? '';
  const c = defaultCredentials[source].values;
  switch (source) {
    case 'jira':
      return { base_url: url, credentials: { type: 'basic', email: c.email, api_token: c.apiToken } };
    case 'github':
      return { base_url: url, credentials: { token: c.token } };
    case 'asana':
      return { base_url: `${url}/api/1.0`, credentials: { token: c.token } };
    case 'linear':
      return { base_url: url, credentials: { type: 'api_key', api_key: c.apiKey } };
  }
}

/**
 * The demo's sources: the sandbox fakes in this process (their clock pinned in the data directory, so the
 * data is the same at every start) and one instance of each in the demo tenant, backfilled once.
 * Idempotent across restarts; touches no other tenant.
 */
export async function startDemoSources(ctx: AppContext, actor: Actor): Promise<Sandbox> {
  const file = path.join(ctx.config.dataDir, 'demo-sandbox.json');
  const pinned = await readFile(file, 'utf8').then(
    (s) => (JSON.parse(s) as { now?: string }).now,
    () => undefined,
  );
  const now = pinned ?? new Date().toISOString();
  if (pinned === undefined) await writeFile(file, JSON.stringify({ now }));
  const sources = (Object.keys(NAMES) as SourceType[]).filter((s) => ctx.sources[s] !== undefined);
  const sandbox = await startSandbox({
    now,
    ...Object.fromEntries(
      (Object.keys(NAMES) as SourceType[]).map((s) => [
        s,
        { port: 0, size: DEMO_SIZES[s], enabled: sources.includes(s) },
      ]),
    ),
  });
  const deps = syncServiceDeps(ctx);
  const existing = await withTenant(ctx.db.runtime, actor.tenantId, (trx) =>
    listInstances(trx, actor.tenantId),
  );
  for (const source of sources) {
    const { base_url, credentials } = connection(sandbox, source);
    const found = existing.find((i) => i.name === NAMES[source]);
    let id: string;
    let backfilled = false;
    if (found === undefined) {
      id = (
        await createInstance(deps, actor, { source_type: source, name: NAMES[source], base_url, credentials })
      ).instance.id;
    } else {
      id = found.id;
      backfilled = found.state.last_backfill_at !== null;
      // The fakes listen on fresh ports at every start.
      if (found.baseUrl !== base_url) {
        await withTenant(ctx.db.runtime, actor.tenantId, (trx) =>
          updateInstance(trx, actor.tenantId, id, { baseUrl: base_url }),
        );
      }
    }
    if (!backfilled) {
      await startJob(deps, actor, id, 'backfill').catch((error: unknown) => {
        // Already queued or running from the previous start: it resumes from its checkpoint.
        if (!isAppError(error) || error.code !== 'conflict') throw error;
      });
    }
  }
  return sandbox;
}

import { sql } from 'kysely';
import { withTenant } from '../../db/with-tenant.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import type { SourceInstance } from '../../repositories/source-instances.ts';
import type { McpJiraDeps } from './mcp-jira-deps.ts';

/** The validation error that asks the caller to choose among `candidates` with instance_id. */
function chooseInstance(why: string, candidates: readonly SourceInstance[]): AppError {
  const named = candidates.map((i) => `'${i.name}' (${i.id})`).join(', ');
  return new AppError('validation_error', `${why}: ${named}; pass instance_id to choose one`, {
    details: { candidates: candidates.map((i) => ({ instance_id: i.id, name: i.name })) },
  });
}

function ambiguous(what: string, candidates: readonly SourceInstance[]): AppError {
  return chooseInstance(`${what} exists in ${candidates.length} Jira instances`, candidates);
}

/** The tenant's Jira instances, or not_found when it has none. */
export async function tenantInstances(deps: McpJiraDeps, tenantId: string): Promise<SourceInstance[]> {
  const all = await deps.instances.list(tenantId);
  if (all.length === 0) {
    throw new AppError('not_found', 'this tenant has no Jira instance; an admin adds one through the API');
  }
  return all;
}

/** Instances given by `instanceId`, or all of the tenant's. */
export async function instancesFor(
  deps: McpJiraDeps,
  tenantId: string,
  instanceId: string | undefined,
): Promise<SourceInstance[]> {
  return instanceId === undefined
    ? tenantInstances(deps, tenantId)
    : [await deps.instances.require(tenantId, instanceId)];
}

/** Instances (of `among`) whose synced work items hold this key (or numeric issue id). */
async function syncedHolders(
  deps: McpJiraDeps,
  tenantId: string,
  key: string,
  among: readonly SourceInstance[],
): Promise<SourceInstance[]> {
  const ids = among.map((i) => i.id);
  const rows = await withTenant(deps.db, tenantId, async (trx) => {
    const byId = /^\d+$/.test(key);
    const { rows } = await sql<{ instance_id: string }>`
      select distinct instance_id from work_items
      where tenant_id = ${tenantId}::uuid and source = 'jira' and not is_deleted
        and instance_id = any(${ids}::uuid[])
        and ${byId ? sql`source_id = ${key}` : sql`source_key = ${key.toUpperCase()}`}`.execute(trx);
    return rows;
  });
  const found = new Set(rows.map((r) => r.instance_id));
  return among.filter((i) => found.has(i.id));
}

/**
 * The instance an issue lives in: `instanceId` when given; else the only Jira instance; else the instance
 * whose synced items hold the key; else (not synced yet) whichever instance answers for it. A key found in
 * several instances is a validation_error naming them.
 */
export async function instanceForIssue(
  deps: McpJiraDeps,
  tenantId: string,
  key: string,
  instanceId: string | undefined,
): Promise<SourceInstance> {
  if (instanceId !== undefined) return deps.instances.require(tenantId, instanceId);
  const all = await tenantInstances(deps, tenantId);
  const [only] = all;
  if (only !== undefined && all.length === 1) return only;
  const synced = await syncedHolders(deps, tenantId, key, all);
  const [single] = synced;
  if (single !== undefined && synced.length === 1) return single;
  if (synced.length > 1) throw ambiguous(`issue ${key}`, synced);
  const answers = await Promise.allSettled(
    all.map((instance) =>
      deps.instances.connect(instance).actions.getIssue(key, { fields: ['summary'], expand: [] }),
    ),
  );
  const holders = all.filter((_, n) => answers[n]?.status === 'fulfilled');
  const [holder] = holders;
  if (holder !== undefined && holders.length === 1) return holder;
  if (holders.length > 1) throw ambiguous(`issue ${key}`, holders);
  // Nobody has it: a failure other than "not found" is the better answer (the issue may be on that site).
  for (const answer of answers) {
    if (answer.status === 'rejected' && !(isAppError(answer.reason) && answer.reason.code === 'not_found'))
      throw answer.reason;
  }
  throw new AppError('not_found', `issue ${key} was not found in any Jira instance of this tenant`);
}

/**
 * The instance a new issue of `projectKey` goes to: `instanceId` when given; else the only Jira instance;
 * else the one whose synced projects include the key. Otherwise the caller must choose.
 */
export async function instanceForProject(
  deps: McpJiraDeps,
  tenantId: string,
  projectKey: string,
  instanceId: string | undefined,
): Promise<SourceInstance> {
  if (instanceId !== undefined) return deps.instances.require(tenantId, instanceId);
  const all = await tenantInstances(deps, tenantId);
  const [only] = all;
  if (only !== undefined && all.length === 1) return only;
  const ids = all.map((i) => i.id);
  const rows = await withTenant(deps.db, tenantId, (trx) =>
    trx
      .selectFrom('projects')
      .select('instance_id')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .where('key', '=', projectKey.toUpperCase())
      .where('is_deleted', '=', false)
      .where('instance_id', 'in', ids)
      .execute(),
  );
  const found = new Set(rows.map((r) => r.instance_id));
  const holders = all.filter((i) => found.has(i.id));
  const [holder] = holders;
  if (holder !== undefined && holders.length === 1) return holder;
  if (holders.length > 1) throw ambiguous(`project ${projectKey}`, holders);
  throw chooseInstance(
    `project ${projectKey} is not among the synced projects of this tenant's ${all.length} Jira instances`,
    all,
  );
}

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/with-tenant.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Logger } from '../../observability/logger.ts';
import { findInstance, listInstances, type SourceInstance } from '../../repositories/source-instances.ts';
import { adapterFor, type AdapterProviderDeps } from '../../sources/adapter-provider.ts';
import { JiraAdapter } from '../../sources/jira/jira-adapter.ts';
import type { JiraActions } from '../../sources/jira/jira-actions.ts';

/** A live Jira instance of the caller's tenant with its adapter (for sync-shaped items) and actions. */
export interface JiraConnection {
  instance: SourceInstance;
  adapter: JiraAdapter;
  actions: JiraActions;
}

export interface JiraInstancesDeps {
  db: Kysely<Database>;
  adapters: AdapterProviderDeps;
  logger: Logger;
  /** Most adapters kept open at once; the least recently used one is closed beyond it. */
  maxOpen?: number;
}

interface Pooled {
  version: string;
  adapter: JiraAdapter;
}

/** What an adapter is built from: a credential, URL or budget change makes a new one. */
function versionOf(instance: SourceInstance): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        instance.baseUrl,
        instance.credentialsEncrypted,
        instance.settings.requests_per_minute,
        instance.settings.allow_link_local,
      ]),
    )
    .digest('hex');
}

/**
 * The tenant's Jira instances, read under its RLS context, and one adapter per instance kept open between
 * calls: an adapter holds keep-alive connections and lazily loaded site metadata (field ids, the status
 * catalog), which a fresh adapter per call would fetch again, two extra upstream requests on every write
 * through. An adapter is rebuilt when the instance's credentials, URL or budget change. `close()` (on app
 * close) closes them all.
 */
export class JiraInstances {
  readonly #deps: JiraInstancesDeps;
  readonly #pool = new Map<string, Pooled>();
  readonly #closing = new Set<Promise<void>>();

  constructor(deps: JiraInstancesDeps) {
    this.#deps = deps;
  }

  /** The tenant's live Jira instances, oldest first. */
  async list(tenantId: string): Promise<SourceInstance[]> {
    const all = await withTenant(this.#deps.db, tenantId, (trx) => listInstances(trx, tenantId));
    return all.filter((i) => i.source === 'jira');
  }

  /** One of the tenant's live Jira instances; anything else (another tenant's, deleted, not Jira) is not_found. */
  async require(tenantId: string, instanceId: string): Promise<SourceInstance> {
    const instance = await withTenant(this.#deps.db, tenantId, (trx) =>
      findInstance(trx, tenantId, instanceId),
    );
    if (instance?.source !== 'jira') throw new AppError('not_found', 'no such Jira instance');
    return instance;
  }

  /** The instance's open adapter, built on first use. */
  connect(instance: SourceInstance): JiraConnection {
    const version = versionOf(instance);
    const pooled = this.#pool.get(instance.id);
    let adapter: JiraAdapter;
    if (pooled !== undefined && pooled.version === version) {
      adapter = pooled.adapter;
      // Re-inserted so that the map's order is least recently used first.
      this.#pool.delete(instance.id);
    } else {
      if (pooled !== undefined) this.#retire(pooled.adapter);
      const built = adapterFor(instance, this.#deps.adapters);
      if (!(built instanceof JiraAdapter))
        throw new AppError('internal', 'a Jira instance without a Jira adapter');
      adapter = built;
    }
    this.#pool.set(instance.id, { version, adapter });
    for (const [id, entry] of this.#pool) {
      if (this.#pool.size <= (this.#deps.maxOpen ?? 256)) break;
      this.#pool.delete(id);
      this.#retire(entry.adapter);
    }
    return { instance, adapter, actions: adapter.actions };
  }

  async close(): Promise<void> {
    for (const { adapter } of this.#pool.values()) this.#retire(adapter);
    this.#pool.clear();
    await Promise.all(this.#closing);
  }

  /** Closes an adapter once its requests under way have finished (undici closes gracefully). */
  #retire(adapter: JiraAdapter): void {
    const closing = adapter.close().catch((error: unknown) => {
      this.#deps.logger.warn({ reason: (error as Error).message }, 'closing a Jira adapter failed');
    });
    this.#closing.add(closing);
    void closing.finally(() => this.#closing.delete(closing));
  }
}

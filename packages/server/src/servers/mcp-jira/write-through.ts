import { withTenant } from '../../db/with-tenant.ts';
import type { Logger } from '../../observability/logger.ts';
import type { SourceItem } from '../../sources/source-item.ts';
import { writeItems } from '../../sync/write-items.ts';
import type { JiraConnection } from './jira-instances.ts';
import type { McpJiraDeps } from './mcp-jira-deps.ts';

export interface WriteThrough {
  /** The items as Jira has them now, by the key asked for; absent when reading one back failed. */
  items: Map<string, SourceItem>;
  /** True when every item reached work_items (with its transitions, comments and links). */
  synced: boolean;
}

/**
 * Reads the items a write touched back from Jira and upserts them as the sync engine would, so that MCP SQL
 * sees the write at once. The write has already happened upstream: a failure here is logged and reported as
 * `synced: false` (the next sync catches up), never turned into a failed write that a client would retry.
 */
export async function writeThrough(
  deps: Pick<McpJiraDeps, 'db'>,
  connection: JiraConnection,
  keys: readonly string[],
  logger: Logger,
): Promise<WriteThrough> {
  const { instance, adapter } = connection;
  const items = new Map<string, SourceItem>();
  try {
    for (const key of new Set(keys)) items.set(key, await adapter.getItem(key));
    await withTenant(deps.db, instance.tenantId, (trx) =>
      writeItems(
        trx,
        {
          tenantId: instance.tenantId,
          instanceId: instance.id,
          source: 'jira',
          mapping: instance.mapping,
        },
        [...items.values()],
      ),
    );
    return { items, synced: true };
  } catch (error) {
    // Code and message only: a driver error can carry connection details.
    logger.warn(
      {
        instance_id: instance.id,
        keys,
        code: (error as { code?: unknown }).code,
        reason: (error as Error).message,
      },
      'write-through to work_items failed; the next sync will catch up',
    );
    return { items, synced: false };
  }
}

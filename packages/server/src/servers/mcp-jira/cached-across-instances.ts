import type { ToolCall } from '../../mcp/tool-definition.ts';
import type { SourceInstance } from '../../repositories/source-instances.ts';
import { acrossInstances, type Across } from './across-instances.ts';
import { instancesFor } from './instance-resolver.ts';
import type { McpJiraDeps } from './mcp-jira-deps.ts';
import { cachedRead } from './read-cache.ts';

/**
 * A cached read asked of one instance (`instanceId`) or of every Jira instance of the caller's tenant,
 * each instance's answer cached under `kind` and `key`, failures listed beside the answers.
 */
export async function cachedAcrossInstances<T>(
  deps: McpJiraDeps,
  call: ToolCall,
  instanceId: string | undefined,
  request: { kind: string; key: unknown; fetch: (instance: SourceInstance) => Promise<T> },
): Promise<Across<T>> {
  const { tenantId } = call.auth;
  const instances = await instancesFor(deps, tenantId, instanceId);
  call.annotate({ instance_id: instanceId ?? instances.map((i) => i.id) });
  return acrossInstances(instances, (instance) =>
    cachedRead(deps.kv.cache, { tenantId, instanceId: instance.id }, request.kind, request.key, () =>
      request.fetch(instance),
    ),
  );
}

import { performance } from 'node:perf_hooks';
import { withTenant } from '../../db/with-tenant.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { keyPart } from '../../kv/key-parts.ts';
import { runIdempotent } from '../../kv/run-idempotent.ts';
import type { ToolCall } from '../../mcp/tool-definition.ts';
import { appendAudit, type AuditEntry } from '../../repositories/audit-log.ts';
import type { SourceInstance } from '../../repositories/source-instances.ts';
import { hashOf } from './canonical-json.ts';
import type { JiraConnection } from './jira-instances.ts';
import type { McpJiraDeps } from './mcp-jira-deps.ts';
import { invalidateInstance } from './read-cache.ts';
import { auditArguments } from './audit-arguments.ts';

/** How long an idempotency key holds its first result (rule 13). */
export const IDEMPOTENCY_TTL_SECONDS = 86_400;

/** What a write produced: the tool's output and Jira's status for the audit log. */
export interface WriteResult<O> {
  output: O;
  upstreamStatus: number | null;
}

export interface WriteRequest<O> {
  /** The tool's name: the audit action and the idempotency scope. */
  tool: string;
  /** The validated arguments, `idempotency_key` among them when the caller sent one. */
  args: { idempotency_key?: string | undefined } & Record<string, unknown>;
  /** Finds the instance the write goes to (resolution failures are audited like any failed write). */
  instance: () => Promise<SourceInstance>;
  /** Calls Jira and writes the result through; runs at most once per idempotency key. */
  perform: (connection: JiraConnection) => Promise<WriteResult<O>>;
}

/** The bucket of an instance's MCP writes; the size is part of the key, so a new limit starts a full bucket. */
function writeBucket(instance: SourceInstance, perMinute: number): string {
  return `mcp-jira:writes:${keyPart(instance.tenantId)}:${keyPart(instance.id)}:${perMinute}`;
}

async function takeWriteToken(deps: McpJiraDeps, instance: SourceInstance): Promise<void> {
  const perMinute = instance.settings.write_rate_limit_per_minute;
  const decision = await deps.kv.rateLimiter.consume(writeBucket(instance, perMinute), {
    capacity: perMinute,
    refillPerSecond: perMinute / 60,
  });
  if (!decision.allowed) {
    throw new AppError(
      'rate_limited',
      `the write limit of Jira instance '${instance.name}' (${perMinute} per minute) is reached`,
      {
        retryAfter: decision.retryAfterSeconds,
        details: { instance_id: instance.id, limit_per_minute: perMinute },
      },
    );
  }
}

function upstreamStatusOf(error: unknown): number | null {
  const status = isAppError(error) ? error.details?.upstream_status : undefined;
  return typeof status === 'number' ? status : null;
}

/**
 * The one path of every MCP Jira write (rules 13-15): resolve the instance → take a token from the
 * instance's write bucket (`rate_limited` with retry_after when empty) → run at most once per
 * (tenant, tool, idempotency key) for 24 h, a replay answering the first result → call Jira and write
 * through to work_items (inside `perform`) → drop the instance's cached reads → one audit row, whatever
 * the outcome (success, replayed, or error with its code and Jira's status).
 */
export async function runWrite<O>(deps: McpJiraDeps, call: ToolCall, request: WriteRequest<O>): Promise<O> {
  const started = performance.now();
  const { auth } = call;
  const { idempotency_key: idempotencyKey, ...rest } = request.args;
  let instance: SourceInstance | null = null;
  const audit = (entry: Pick<AuditEntry, 'outcome' | 'errorCode' | 'upstreamStatus'>): Promise<void> =>
    withTenant(deps.db, auth.tenantId, (trx) =>
      appendAudit(trx, {
        tenantId: auth.tenantId,
        requestId: call.requestId,
        tokenId: auth.tokenId,
        userId: auth.userId,
        instanceId: instance?.id ?? null,
        action: request.tool,
        arguments: auditArguments(request.args) as Record<string, unknown>,
        durationMs: Math.round(performance.now() - started),
        ...entry,
      }),
    );
  let result: { value: WriteResult<O>; replayed: boolean };
  try {
    const target = await request.instance();
    instance = target;
    call.annotate({ instance_id: target.id });
    await takeWriteToken(deps, target);
    const perform = async (): Promise<WriteResult<O>> => {
      try {
        return await request.perform(deps.instances.connect(target));
      } finally {
        // Also after a failure: a write of several calls may have changed Jira before it failed.
        await invalidateInstance(deps.kv.cache, { tenantId: auth.tenantId, instanceId: target.id });
      }
    };
    result =
      idempotencyKey === undefined
        ? { value: await perform(), replayed: false }
        : await runIdempotent(
            deps.kv.idempotency,
            {
              scope: `${auth.tenantId}:${request.tool}`,
              key: idempotencyKey,
              fingerprint: hashOf(rest),
              ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
            },
            perform,
          );
  } catch (error) {
    try {
      await audit({
        outcome: 'error',
        errorCode: isAppError(error) ? error.code : 'internal',
        upstreamStatus: upstreamStatusOf(error),
      });
    } catch (auditError) {
      // The write failed anyway; its own error is the one the caller needs. The lost row is logged loudly.
      call.logger.error(
        { reason: (auditError as Error).message, tool: request.tool },
        'audit of a failed write failed',
      );
    }
    throw error;
  }
  if (result.replayed) call.annotate({ replayed: true });
  await audit({
    outcome: result.replayed ? 'replayed' : 'success',
    errorCode: null,
    upstreamStatus: result.replayed ? null : result.value.upstreamStatus,
  });
  return result.value.output;
}

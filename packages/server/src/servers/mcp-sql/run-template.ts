import { performance } from 'node:perf_hooks';
import { CompiledQuery, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/with-tenant.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import type { Logger } from '../../observability/logger.ts';
import { capAnswer } from './cap-answer.ts';
import type { SqlMetrics, SqlQueryStatus } from './sql-metrics.ts';
import { TEMPLATE_LIMITS, type SqlTemplate } from './templates/sql-template.ts';

/** The role templates run as (migration 0003): SELECT on the tables they read, nothing else. */
export const ANALYTICS_ROLE = 'ds_analytics';

/** Statements slower than this are logged at warn with their template. */
const SLOW_MS = 100;
/** query_canceled: what statement_timeout raises. */
const QUERY_CANCELED = '57014';

export interface TemplateRunDeps {
  /** The runtime database (ds_runtime); the runner narrows it to ds_analytics per transaction. */
  db: Kysely<Database>;
  metrics: SqlMetrics;
}

/** Who asks, and where the runner logs (the call's logger carries request and tenant ids). */
export interface TemplateRun {
  tenantId: string;
  requestId: string;
  logger: Logger;
}

export type TemplateAnswer<O extends z.ZodObject> = Omit<z.infer<O>, 'truncated'> & { truncated: boolean };

/**
 * Runs one template for one tenant (design rules 9, 10, 12): its single statement, with bound parameters,
 * in a READ ONLY transaction whose tenant is set, with the template's statement_timeout, as ds_analytics;
 * then caps the rows (the caller's `limit` or maxRows) and the JSON bytes, answering `truncated: true` when
 * it cut. A timeout is `timeout`; every other database failure is logged and answered as a generic
 * `internal`, with nothing of the statement, its names or its values.
 */
export async function runTemplate<P extends z.ZodObject, O extends z.ZodObject>(
  template: SqlTemplate<P, O>,
  params: z.infer<P>,
  run: TemplateRun,
  deps: TemplateRunDeps,
): Promise<TemplateAnswer<O>> {
  const cap = rowCap(template, params);
  const compiled = template.compile(run.tenantId, params, cap + 1);
  if (compiled.parameters[0] !== run.tenantId) {
    throw new AppError('internal', `template ${template.name} does not bind the tenant as $1`);
  }
  const rows = await fetchRows(template, compiled.sql, compiled.parameters, run, deps);
  const capped = rows.length > cap;
  const { value, truncated } = capAnswer(
    capped ? rows.slice(0, cap) : rows,
    (kept, cut) => shapeRows(template, kept, params, cut, run.logger),
    Math.min(template.maxBytes ?? TEMPLATE_LIMITS.maxBytes, TEMPLATE_LIMITS.maxBytes),
    capped,
  );
  return { ...value, truncated };
}

async function fetchRows(
  template: SqlTemplate<z.ZodObject, z.ZodObject>,
  statement: string,
  parameters: readonly unknown[],
  run: TemplateRun,
  deps: TemplateRunDeps,
): Promise<Record<string, unknown>[]> {
  const started = performance.now();
  let status: SqlQueryStatus = 'ok';
  let rowCount = 0;
  try {
    const rows = await withTenant(
      deps.db,
      run.tenantId,
      async (trx) => {
        const result = await trx.executeQuery<Record<string, unknown>>(
          CompiledQuery.raw(statement, [...parameters]),
        );
        return result.rows;
      },
      {
        // Round trips: BEGIN READ ONLY; one select setting tenant, timeout and role (all transaction-local:
        // the role reverts at commit or rollback, whatever happens in between); the statement; COMMIT.
        readOnly: true,
        statementTimeoutMs: Math.min(template.timeoutMs, TEMPLATE_LIMITS.maxTimeoutMs),
        role: ANALYTICS_ROLE,
      },
    );
    rowCount = rows.length;
    return rows;
  } catch (error) {
    status = sqlStateOf(error) === QUERY_CANCELED ? 'timeout' : 'error';
    throw toTemplateError(template, error, status, run);
  } finally {
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.queries.inc({ template: template.name, status });
    deps.metrics.duration.observe({ template: template.name }, seconds);
    if (seconds * 1000 > SLOW_MS) {
      run.logger.warn(
        { template: template.name, status, rows: rowCount, duration_ms: Math.round(seconds * 1000) },
        'slow sql template',
      );
    }
  }
}

function toTemplateError(
  template: SqlTemplate<z.ZodObject, z.ZodObject>,
  error: unknown,
  status: SqlQueryStatus,
  run: TemplateRun,
): AppError {
  if (status === 'timeout') {
    return new AppError(
      'timeout',
      `the query ran longer than ${template.timeoutMs} ms; narrow it (fewer days or projects, a smaller limit)`,
      { details: { template: template.name, timeout_ms: template.timeoutMs } },
    );
  }
  // The full error stays in the server log, with the request id the client gets.
  run.logger.error(
    { err: error, template: template.name, sqlstate: sqlStateOf(error), request_id: run.requestId },
    'sql template failed',
  );
  return isAppError(error) && error.code === 'internal' ? error : new AppError('internal', 'internal error');
}

/** The caller's `limit` when the template has one, within the template's own cap. */
function rowCap(template: SqlTemplate<z.ZodObject, z.ZodObject>, params: unknown): number {
  const limit = (params as { limit?: unknown }).limit;
  const maxRows = Math.min(template.maxRows, TEMPLATE_LIMITS.maxRows);
  return typeof limit === 'number' && Number.isInteger(limit) && limit >= 0
    ? Math.min(limit, maxRows)
    : maxRows;
}

/** A template's shape; a failure to read its own rows is the server's fault, never the client's. */
function shapeRows<P extends z.ZodObject, O extends z.ZodObject>(
  template: SqlTemplate<P, O>,
  rows: readonly Record<string, unknown>[],
  params: z.infer<P>,
  truncated: boolean,
  logger: Logger,
): Omit<z.infer<O>, 'truncated'> {
  try {
    return template.shape(rows, params, { truncated });
  } catch (error) {
    if (isAppError(error)) throw error;
    logger.error({ err: error, template: template.name }, 'sql template rows did not match its shape');
    throw new AppError('internal', 'internal error');
  }
}

function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

import type { z } from 'zod';

/** One statement with bound parameters: the template text never contains client input (design rule 9). */
export interface CompiledSql {
  sql: string;
  parameters: readonly unknown[];
}

/** The hard ceilings of design rule 10; a template may only lower them. */
export const TEMPLATE_LIMITS = { maxTimeoutMs: 30_000, maxRows: 1_000, maxBytes: 1024 * 1024 } as const;

/** What the runner tells `shape` about the rows it hands over. */
export interface ShapeContext {
  /** The rows were capped (more rows matched than the caller's limit or the template's caps allow). */
  truncated: boolean;
}

/**
 * A whitelisted, parameterized analytics query. MCP SQL serves each as the tool `sql_<name>`; the runner
 * (run-template.ts) owns the transaction, the caps, errors, metrics and logs, never the template.
 */
export interface SqlTemplate<P extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  /** snake_case; the tool is `sql_<name>`, and the REST fallback also accepts `<name>`. */
  name: string;
  title: string;
  /** What it answers, for a model choosing a tool. */
  description: string;
  /**
   * Strict schema of the parameters: unknown keys refused, strings and arrays bounded, sort keys enums.
   * A whole-number `limit` parameter, when present, is the caller's row limit (see `compile`).
   */
  params: P;
  /** The tool's output schema; the runner adds `truncated`. */
  output: O;
  /** `statement_timeout` of this template, at most TEMPLATE_LIMITS.maxTimeoutMs. */
  timeoutMs: number;
  /** Most rows the statement may return, at most TEMPLATE_LIMITS.maxRows; the runner asks for one more. */
  maxRows: number;
  /** Byte cap of the JSON answer, below TEMPLATE_LIMITS.maxBytes (the default) when a template wants less. */
  maxBytes?: number;
  /**
   * The one statement. `$1` is always the tenant id (the explicit filter of design rule 7, besides RLS);
   * `rowLimit` is maxRows + 1 (or the caller's smaller `limit` + 1), bound as a parameter, so that the runner
   * can tell a capped answer.
   */
  compile(tenantId: string, params: z.infer<P>, rowLimit: number): CompiledSql;
  /**
   * The tool's output from the (already capped) rows. It may throw an AppError (e.g. `not_found` when the
   * statement found no object); a failure to read the rows is an internal error, never the client's.
   */
  shape(
    rows: readonly Record<string, unknown>[],
    params: z.infer<P>,
    context?: ShapeContext,
  ): Omit<z.infer<O>, 'truncated'>;
}

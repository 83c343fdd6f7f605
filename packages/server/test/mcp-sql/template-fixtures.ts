import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import type { z } from 'zod';
import type { DatabaseHandle } from '../../src/db/open-database.ts';
import type { AppContext } from '../../src/runtime/app-context.ts';
import { runTemplate, type TemplateAnswer } from '../../src/servers/mcp-sql/run-template.ts';
import { sqlMetrics } from '../../src/servers/mcp-sql/sql-metrics.ts';
import type { SqlTemplate } from '../../src/servers/mcp-sql/templates/sql-template.ts';
import type { SourceType } from '../../src/sources/source-type.ts';

/** Runs templates for one tenant through the real runner (ds_analytics, READ ONLY, caps). */
export function templateRunner(ctx: AppContext, tenantId: string, requestId = 'req-test') {
  const deps = { db: ctx.db.runtime, metrics: sqlMetrics(ctx.metrics) };
  return <P extends z.ZodObject, O extends z.ZodObject>(
    template: SqlTemplate<P, O>,
    args: z.input<P>,
  ): Promise<TemplateAnswer<O>> =>
    runTemplate(template, template.params.parse(args), { tenantId, requestId, logger: ctx.logger }, deps);
}

/** Rows read as the owner (no RLS), for the tests' own computations. */
export async function ownerRows<R>(
  db: DatabaseHandle,
  text: string,
  parameters: unknown[] = [],
): Promise<R[]> {
  const result = await db.owner.executeQuery<R>(CompiledQuery.raw(text, parameters));
  return result.rows;
}

export interface ItemSpec {
  key: string;
  project: string;
  title?: string;
  status?: 'open' | 'in_progress' | 'done' | 'closed';
  priority?: 'critical' | 'high' | 'medium' | 'low' | 'none';
  type?: 'bug' | 'task' | 'story' | 'epic' | 'issue' | 'pr' | 'subtask';
  assignee?: { id: string; name: string } | null;
  team?: string | null;
  createdAt: string;
  updatedAt: string;
  statusChangedAt?: string | null;
  closedAt?: string | null;
  isDeleted?: boolean;
}

/** A source instance (credentials are a placeholder: nothing here calls the source). */
export async function insertInstance(
  db: DatabaseHandle,
  tenantId: string,
  source: SourceType,
  name = `${source}-${randomUUID().slice(0, 8)}`,
): Promise<string> {
  const id = randomUUID();
  await sql`insert into source_instances (tenant_id, id, source_type, name, base_url, auth_type, credentials_encrypted)
    values (${tenantId}, ${id}, ${source}, ${name}, 'http://127.0.0.1:1', 'bearer', 'sealed-secret-placeholder')`.execute(
    db.owner,
  );
  return id;
}

export async function insertProject(
  db: DatabaseHandle,
  tenantId: string,
  instanceId: string,
  key: string,
): Promise<void> {
  await sql`insert into projects (tenant_id, instance_id, source_id, key, name)
    values (${tenantId}, ${instanceId}, ${key}, ${key}, ${key})`.execute(db.owner);
}

/** Inserts items; returns their ids by key. */
export async function insertItems(
  db: DatabaseHandle,
  tenantId: string,
  instanceId: string,
  source: SourceType,
  items: readonly ItemSpec[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const item of items) {
    const id = randomUUID();
    ids.set(item.key, id);
    await sql`insert into work_items (tenant_id, id, instance_id, source, source_id, source_key, project_key, title,
        type, status, priority, assignee_account_id, assignee_name, team, created_at, updated_at, closed_at,
        status_changed_at, is_deleted)
      values (${tenantId}, ${id}, ${instanceId}, ${source}, ${item.key}, ${item.key}, ${item.project},
        ${item.title ?? `item ${item.key}`}, ${item.type ?? 'task'}, ${item.status ?? 'open'},
        ${item.priority ?? 'none'}, ${item.assignee?.id ?? null}, ${item.assignee?.name ?? null},
        ${item.team ?? null}, ${item.createdAt}, ${item.updatedAt}, ${item.closedAt ?? null},
        ${item.statusChangedAt === undefined ? item.createdAt : item.statusChangedAt}, ${item.isDeleted ?? false})`.execute(
      db.owner,
    );
  }
  return ids;
}

export interface TransitionSpec {
  from: 'open' | 'in_progress' | 'done' | 'closed' | null;
  to: 'open' | 'in_progress' | 'done' | 'closed';
  at: string;
  actor?: { id: string; name: string } | null;
}

export async function insertTransitions(
  db: DatabaseHandle,
  tenantId: string,
  instanceId: string,
  workItemId: string,
  transitions: readonly TransitionSpec[],
): Promise<void> {
  for (const [n, t] of transitions.entries()) {
    await sql`insert into work_item_transitions (tenant_id, work_item_id, instance_id, source_event_id, from_status,
        to_status, from_original, to_original, actor_account_id, actor_name, transitioned_at)
      values (${tenantId}, ${workItemId}, ${instanceId}, ${`ev-${n}`}, ${t.from}, ${t.to},
        ${t.from === null ? null : `Orig ${t.from}`}, ${`Orig ${t.to}`}, ${t.actor?.id ?? null},
        ${t.actor?.name ?? null}, ${t.at})`.execute(db.owner);
  }
}

export async function insertPerson(
  db: DatabaseHandle,
  tenantId: string,
  instanceId: string,
  accountId: string,
  displayName: string,
): Promise<void> {
  await sql`insert into people (tenant_id, instance_id, account_id, display_name)
    values (${tenantId}, ${instanceId}, ${accountId}, ${displayName})`.execute(db.owner);
}

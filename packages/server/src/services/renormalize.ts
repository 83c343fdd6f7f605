import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { SourceInstance } from '../repositories/source-instances.ts';
import { normalizeItem, normalizeStatus } from '../sources/normalize/normalize.ts';
import type { RecomputeMetrics } from '../sync/run-job.ts';

const BATCH = 2000;
const day = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * Re-derives the normalized status, type and priority of an instance's stored items and transitions from
 * the originals kept beside them, after its mapping changed. No call to the source. Then recomputes the
 * daily metrics of the instance's projects.
 */
export async function renormalizeInstance(
  trx: Transaction<Database>,
  instance: SourceInstance,
  recomputeMetrics: RecomputeMetrics,
): Promise<{ items: number; transitions: number }> {
  const { tenantId, id: instanceId, source, mapping } = instance;
  let items = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await trx
      .selectFrom('work_items')
      .select([
        'id',
        'original_status',
        'status_category',
        'original_type',
        'original_priority',
        'labels',
        'parent_key',
      ])
      .where('tenant_id', '=', tenantId)
      .where('instance_id', '=', instanceId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? after;
    const updates = rows.map((r) => ({
      id: r.id,
      ...normalizeItem(
        source,
        {
          status: { name: r.original_status, category: r.status_category },
          type: r.original_type,
          priority: r.original_priority,
          labels: r.labels,
          hasParent: r.parent_key !== null,
        },
        mapping,
      ),
    }));
    await sql`
      update work_items w set status = u.status, type = u.type, priority = u.priority
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u(id uuid, status text, type text, priority text)
      where w.tenant_id = ${tenantId}::uuid and w.id = u.id
        and (w.status, w.type, w.priority) is distinct from (u.status, u.type, u.priority)`.execute(trx);
    items += rows.length;
  }

  let transitions = 0;
  after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await trx
      .selectFrom('work_item_transitions')
      .select(['id', 'from_original', 'from_category', 'to_original', 'to_category'])
      .where('tenant_id', '=', tenantId)
      .where('instance_id', '=', instanceId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? after;
    const updates = rows.map((r) => ({
      id: r.id,
      from_status:
        r.from_original === null
          ? null
          : normalizeStatus(
              source,
              { name: r.from_original, category: r.from_category ?? '' },
              [r.from_original],
              mapping,
            ),
      to_status: normalizeStatus(
        source,
        { name: r.to_original, category: r.to_category },
        [r.to_original],
        mapping,
      ),
    }));
    await sql`
      update work_item_transitions t set from_status = u.from_status, to_status = u.to_status
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u(id uuid, from_status text, to_status text)
      where t.tenant_id = ${tenantId}::uuid and t.id = u.id
        and (t.from_status, t.to_status) is distinct from (u.from_status, u.to_status)`.execute(trx);
    transitions += rows.length;
  }

  const projects = await trx
    .selectFrom('work_items')
    .select(['project_key', (eb) => eb.fn.min('created_at').as('first')])
    .where('tenant_id', '=', tenantId)
    .where('instance_id', '=', instanceId)
    .groupBy('project_key')
    .execute();
  for (const p of projects) {
    const first = p.first as Date | null;
    if (first !== null)
      await recomputeMetrics(trx, tenantId, {
        projectKeys: [p.project_key],
        from: day(first),
        to: day(new Date()),
      });
  }
  return { items, transitions };
}

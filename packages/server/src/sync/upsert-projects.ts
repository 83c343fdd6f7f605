import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { SourceInstance } from '../repositories/source-instances.ts';
import type { SourceProject } from '../sources/source-item.ts';

/** Records the instance's projects as listed upstream (idempotent). */
export async function upsertProjects(
  trx: Transaction<Database>,
  instance: Pick<SourceInstance, 'tenantId' | 'id'>,
  projects: readonly SourceProject[],
): Promise<void> {
  if (projects.length === 0) return;
  const rows = projects.map((p) => ({
    source_id: p.sourceId,
    key: p.key,
    name: p.name,
    team: p.team,
    raw: p.raw ?? {},
  }));
  await sql`
    insert into projects (tenant_id, instance_id, source_id, key, name, team, raw_payload, is_deleted)
    select ${instance.tenantId}::uuid, ${instance.id}::uuid, r.source_id, r.key, r.name, r.team, r.raw, false
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(source_id text, key text, name text, team text, raw jsonb)
    on conflict (tenant_id, instance_id, source_id) do update set
      key = excluded.key, name = excluded.name, team = excluded.team, raw_payload = excluded.raw_payload, is_deleted = false`.execute(
    trx,
  );
}

import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { InstanceMapping } from '../sources/normalize/instance-mapping.ts';
import { normalizeItem, normalizeStatus } from '../sources/normalize/normalize.ts';
import type { SourceItem, SourcePerson } from '../sources/source-item.ts';
import type { SourceType } from '../sources/source-type.ts';

export interface WriteTarget {
  tenantId: string;
  instanceId: string;
  source: SourceType;
  mapping: InstanceMapping;
}

export interface WriteCounts {
  items: number;
  transitions: number;
  comments: number;
  links: number;
}

/** Postgres text cannot hold NUL; sources occasionally send it. */
const clean = (s: string): string => s.replaceAll('\u0000', '');

/**
 * Writes one page of items with their history, comments, links and people, as idempotent upserts keyed by
 * the source's ids: replaying a page leaves the same rows (only `synced_at`, the last-seen time, moves).
 * Each table is written with one statement whose rows travel as a single jsonb parameter.
 */
export async function writeItems(
  trx: Transaction<Database>,
  target: WriteTarget,
  page: readonly SourceItem[],
): Promise<WriteCounts> {
  // One row per source id: an upsert cannot touch the same row twice in one statement.
  const items = [...new Map(page.map((item) => [item.sourceId, item])).values()];
  if (items.length === 0) return { items: 0, transitions: 0, comments: 0, links: 0 };
  const { tenantId, instanceId, source, mapping } = target;
  const rows = items.map((item) => {
    const normalized = normalizeItem(
      source,
      {
        status: item.status,
        type: item.type,
        priority: item.priority,
        labels: item.labels,
        hasParent: item.parentKey !== null,
      },
      mapping,
    );
    const lastTransition = item.transitions.reduce<Date | null>(
      (latest, t) => (latest === null || t.at > latest ? t.at : latest),
      null,
    );
    return {
      source_id: item.sourceId,
      source_key: item.key,
      project_key: item.projectKey,
      title: clean(item.title),
      description: item.description === null ? null : clean(item.description),
      type: normalized.type,
      original_type: item.type,
      status: normalized.status,
      original_status: item.status.name,
      status_category: item.status.category,
      priority: normalized.priority,
      original_priority: item.priority,
      assignee_account_id: item.assignee?.accountId ?? null,
      assignee_name: item.assignee?.displayName ?? null,
      reporter_account_id: item.reporter?.accountId ?? null,
      reporter_name: item.reporter?.displayName ?? null,
      labels: item.labels.map(clean),
      team: item.team,
      parent_key: item.parentKey,
      created_at: item.createdAt.toISOString(),
      updated_at: item.updatedAt.toISOString(),
      closed_at: item.closedAt?.toISOString() ?? null,
      status_changed_at: (lastTransition ?? item.createdAt).toISOString(),
      custom_fields: item.customFields,
      raw_payload: item.raw ?? {},
    };
  });
  const { rows: ids } = await sql<{ id: string; source_id: string }>`
    insert into work_items (tenant_id, instance_id, source, source_id, source_key, project_key, title, description,
      type, original_type, status, original_status, status_category, priority, original_priority,
      assignee_account_id, assignee_name, reporter_account_id, reporter_name, labels, team, parent_key,
      created_at, updated_at, closed_at, status_changed_at, is_deleted, custom_fields, raw_payload, synced_at)
    select ${tenantId}::uuid, ${instanceId}::uuid, ${source}, r.source_id, r.source_key, r.project_key, r.title,
      r.description, r.type, r.original_type, r.status, r.original_status, r.status_category, r.priority,
      r.original_priority, r.assignee_account_id, r.assignee_name, r.reporter_account_id, r.reporter_name,
      array(select jsonb_array_elements_text(r.labels)), r.team, r.parent_key, r.created_at, r.updated_at,
      r.closed_at, r.status_changed_at, false, r.custom_fields, r.raw_payload, now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(source_id text, source_key text, project_key text,
      title text, description text, type text, original_type text, status text, original_status text,
      status_category text, priority text, original_priority text, assignee_account_id text, assignee_name text,
      reporter_account_id text, reporter_name text, labels jsonb, team text, parent_key text,
      created_at timestamptz, updated_at timestamptz, closed_at timestamptz, status_changed_at timestamptz,
      custom_fields jsonb, raw_payload jsonb)
    on conflict (tenant_id, instance_id, source_id) do update set
      source_key = excluded.source_key, project_key = excluded.project_key, title = excluded.title,
      description = excluded.description, type = excluded.type, original_type = excluded.original_type,
      status = excluded.status, original_status = excluded.original_status,
      status_category = excluded.status_category, priority = excluded.priority,
      original_priority = excluded.original_priority, assignee_account_id = excluded.assignee_account_id,
      assignee_name = excluded.assignee_name, reporter_account_id = excluded.reporter_account_id,
      reporter_name = excluded.reporter_name, labels = excluded.labels, team = excluded.team,
      parent_key = excluded.parent_key, created_at = excluded.created_at, updated_at = excluded.updated_at,
      closed_at = excluded.closed_at, status_changed_at = excluded.status_changed_at, is_deleted = false,
      custom_fields = excluded.custom_fields, raw_payload = excluded.raw_payload, synced_at = excluded.synced_at
    returning id, source_id`.execute(trx);
  const idOf = new Map(ids.map((r) => [r.source_id, r.id]));

  const transitions = items.flatMap((item) =>
    item.transitions.map((t) => ({
      work_item_id: idOf.get(item.sourceId),
      source_event_id: t.eventId,
      // Transition statuses normalize like item statuses; the status name stands in for labels, so
      // GitHub's label-driven "in progress" maps the same way.
      from_status: t.from === null ? null : normalizeStatus(source, t.from, [t.from.name], mapping),
      to_status: normalizeStatus(source, t.to, [t.to.name], mapping),
      from_original: t.from?.name ?? null,
      to_original: t.to.name,
      from_category: t.from?.category ?? null,
      to_category: t.to.category,
      actor_account_id: t.actor?.accountId ?? null,
      actor_name: t.actor?.displayName ?? null,
      transitioned_at: t.at.toISOString(),
    })),
  );
  if (transitions.length > 0) {
    await sql`
      insert into work_item_transitions (tenant_id, work_item_id, instance_id, source_event_id, from_status, to_status,
        from_original, to_original, from_category, to_category, actor_account_id, actor_name, transitioned_at)
      select ${tenantId}::uuid, r.work_item_id, ${instanceId}::uuid, r.source_event_id, r.from_status, r.to_status,
        r.from_original, r.to_original, r.from_category, r.to_category, r.actor_account_id, r.actor_name,
        r.transitioned_at
      from jsonb_to_recordset(${JSON.stringify(transitions)}::jsonb) as r(work_item_id uuid, source_event_id text,
        from_status text, to_status text, from_original text, to_original text, from_category text,
        to_category text, actor_account_id text, actor_name text, transitioned_at timestamptz)
      on conflict (tenant_id, work_item_id, source_event_id) do update set
        from_status = excluded.from_status, to_status = excluded.to_status, from_original = excluded.from_original,
        to_original = excluded.to_original, from_category = excluded.from_category,
        to_category = excluded.to_category, actor_account_id = excluded.actor_account_id,
        actor_name = excluded.actor_name, transitioned_at = excluded.transitioned_at
      where (work_item_transitions.from_status, work_item_transitions.to_status, work_item_transitions.to_original,
             work_item_transitions.transitioned_at)
        is distinct from (excluded.from_status, excluded.to_status, excluded.to_original, excluded.transitioned_at)`.execute(
      trx,
    );
  }

  const comments = items.flatMap((item) =>
    item.comments.map((c) => ({
      work_item_id: idOf.get(item.sourceId),
      source_id: c.sourceId,
      author_account_id: c.author?.accountId ?? null,
      author_name: c.author?.displayName ?? null,
      body: clean(c.body),
      created_at: c.createdAt.toISOString(),
      updated_at: c.updatedAt?.toISOString() ?? null,
    })),
  );
  if (comments.length > 0) {
    await sql`
      insert into work_item_comments (tenant_id, work_item_id, instance_id, source_id, author_account_id, author_name,
        body, created_at, updated_at)
      select ${tenantId}::uuid, r.work_item_id, ${instanceId}::uuid, r.source_id, r.author_account_id, r.author_name,
        r.body, r.created_at, r.updated_at
      from jsonb_to_recordset(${JSON.stringify(comments)}::jsonb) as r(work_item_id uuid, source_id text,
        author_account_id text, author_name text, body text, created_at timestamptz, updated_at timestamptz)
      on conflict (tenant_id, work_item_id, source_id) do update set
        author_account_id = excluded.author_account_id, author_name = excluded.author_name, body = excluded.body,
        updated_at = excluded.updated_at
      where (work_item_comments.body, work_item_comments.updated_at) is distinct from (excluded.body, excluded.updated_at)`.execute(
      trx,
    );
  }

  const links = items.flatMap((item) =>
    item.links.map((l) => ({
      work_item_id: idOf.get(item.sourceId),
      link_type: l.type,
      direction: l.direction,
      target_key: l.targetKey,
      source_id: l.sourceId,
    })),
  );
  // Links an item no longer has upstream are removed; the rest are kept or added.
  await sql`
    delete from work_item_links l
    where l.tenant_id = ${tenantId}::uuid
      and l.work_item_id = any(${[...idOf.values()]}::uuid[])
      and not exists (
        select 1 from jsonb_to_recordset(${JSON.stringify(links)}::jsonb)
          as r(work_item_id uuid, link_type text, direction text, target_key text)
        where r.work_item_id = l.work_item_id and r.link_type = l.link_type and r.direction = l.direction
          and r.target_key = l.target_key)`.execute(trx);
  if (links.length > 0) {
    await sql`
      insert into work_item_links (tenant_id, work_item_id, instance_id, link_type, direction, target_key, source_id)
      select ${tenantId}::uuid, r.work_item_id, ${instanceId}::uuid, r.link_type, r.direction, r.target_key, r.source_id
      from jsonb_to_recordset(${JSON.stringify(links)}::jsonb)
        as r(work_item_id uuid, link_type text, direction text, target_key text, source_id text)
      on conflict (tenant_id, work_item_id, link_type, direction, target_key) do nothing`.execute(trx);
  }

  await writePeople(trx, target, items);
  return {
    items: items.length,
    transitions: transitions.length,
    comments: comments.length,
    links: links.length,
  };
}

async function writePeople(
  trx: Transaction<Database>,
  target: WriteTarget,
  items: readonly SourceItem[],
): Promise<void> {
  const people = new Map<string, SourcePerson>();
  const add = (p: SourcePerson | null): void => {
    if (p !== null && !people.has(p.accountId)) people.set(p.accountId, p);
  };
  for (const item of items) {
    add(item.assignee);
    add(item.reporter);
    for (const t of item.transitions) add(t.actor);
    for (const c of item.comments) add(c.author);
  }
  if (people.size === 0) return;
  // Sorted: projects synced in parallel upsert the same people, and one lock order keeps them from deadlocking.
  const rows = [...people.values()]
    .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0))
    .map((p) => ({
      account_id: p.accountId,
      display_name: clean(p.displayName),
      email: p.email,
    }));
  await sql`
    insert into people (tenant_id, instance_id, account_id, display_name, email)
    select ${target.tenantId}::uuid, ${target.instanceId}::uuid, r.account_id, r.display_name, r.email
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(account_id text, display_name text, email text)
    on conflict (tenant_id, instance_id, account_id) do update set
      display_name = excluded.display_name, email = coalesce(excluded.email, people.email)
    where (people.display_name, people.email) is distinct from (excluded.display_name, coalesce(excluded.email, people.email))`.execute(
    trx,
  );
}

-- Item counts per (instance, project, source, status), kept by triggers on work_items.
--
-- cross_source_summary and list_projects answer counts of every item of a tenant; counting work_items each
-- time scans the whole tenant (0.1-1 s for 100k items). work_item_counts holds those counts, exact at every
-- commit: statement-level triggers on work_items subtract the old rows and add the new ones, counting only
-- rows that are not is_deleted. The trigger function is NOT security definer: it runs as the writer
-- (ds_runtime with its tenant set, under RLS like every other write), so it can only touch the counts of
-- the tenant whose items it writes.

create table work_item_counts (
  tenant_id uuid not null,
  instance_id uuid not null,
  project_key text not null,
  source text not null check (source in ('jira', 'github', 'asana', 'linear')),
  status text not null check (status in ('open', 'in_progress', 'done', 'closed')),
  items integer not null,
  -- The newest synced_at of the live items written into this group (never lowered).
  last_synced_at timestamptz,
  primary key (tenant_id, instance_id, project_key, source, status),
  foreign key (tenant_id, instance_id) references source_instances (tenant_id, id)
);

select app.apply_tenant_rls('work_item_counts');
grant select, insert, update, delete on work_item_counts to ds_runtime;
grant select on work_item_counts to ds_analytics;
create policy work_item_counts_analytics_select on work_item_counts
  for select to ds_analytics using (tenant_id = (select app.current_tenant_id()));

-- One function for the three triggers; TG_OP says which transition tables exist (n: new rows, o: old rows).
-- The delta is grouped per key, and the upsert goes in key order so that concurrent writers lock the same
-- rows in the same order. Groups that reach 0 are deleted: a project without live items has no row, which
-- list_projects and cross_source_summary read as 0.
create function app.work_item_counts_apply() returns trigger
  language plpgsql
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.work_item_counts as c
      (tenant_id, instance_id, project_key, source, status, items, last_synced_at)
    select n.tenant_id, n.instance_id, n.project_key, n.source, n.status, count(*)::int, max(n.synced_at)
    from n
    where not n.is_deleted
    group by n.tenant_id, n.instance_id, n.project_key, n.source, n.status
    order by n.tenant_id, n.instance_id, n.project_key, n.source, n.status
    on conflict (tenant_id, instance_id, project_key, source, status) do update
      set items = c.items + excluded.items,
        last_synced_at = greatest(c.last_synced_at, excluded.last_synced_at);
    return null;
  end if;

  if tg_op = 'UPDATE' then
    insert into public.work_item_counts as c
      (tenant_id, instance_id, project_key, source, status, items, last_synced_at)
    select d.tenant_id, d.instance_id, d.project_key, d.source, d.status, sum(d.change)::int, max(d.synced_at)
    from (
      select n.tenant_id, n.instance_id, n.project_key, n.source, n.status, 1 as change, n.synced_at
      from n where not n.is_deleted
      union all
      select o.tenant_id, o.instance_id, o.project_key, o.source, o.status, -1, null::timestamptz
      from o where not o.is_deleted
    ) d
    group by d.tenant_id, d.instance_id, d.project_key, d.source, d.status
    order by d.tenant_id, d.instance_id, d.project_key, d.source, d.status
    on conflict (tenant_id, instance_id, project_key, source, status) do update
      set items = c.items + excluded.items,
        last_synced_at = greatest(c.last_synced_at, excluded.last_synced_at)
      where excluded.items <> 0 or excluded.last_synced_at > c.last_synced_at
        or (c.last_synced_at is null and excluded.last_synced_at is not null);
  else
    update public.work_item_counts c
    set items = c.items - d.items
    from (
      select o.tenant_id, o.instance_id, o.project_key, o.source, o.status, count(*)::int as items
      from o
      where not o.is_deleted
      group by o.tenant_id, o.instance_id, o.project_key, o.source, o.status
      order by o.tenant_id, o.instance_id, o.project_key, o.source, o.status
    ) d
    where c.tenant_id = d.tenant_id and c.instance_id = d.instance_id and c.project_key = d.project_key
      and c.source = d.source and c.status = d.status;
  end if;

  delete from public.work_item_counts c
  where c.items = 0
    and (c.tenant_id, c.instance_id, c.project_key, c.source, c.status) in (
      select o.tenant_id, o.instance_id, o.project_key, o.source, o.status from o where not o.is_deleted);
  return null;
end
$$;
revoke all on function app.work_item_counts_apply() from public;

create trigger work_items_counts_insert after insert on work_items
  referencing new table as n for each statement execute function app.work_item_counts_apply();
create trigger work_items_counts_update after update on work_items
  referencing old table as o new table as n for each statement execute function app.work_item_counts_apply();
create trigger work_items_counts_delete after delete on work_items
  referencing old table as o for each statement execute function app.work_item_counts_apply();

-- TRUNCATE fires no row or transition triggers; it empties every tenant's items, so every count goes too.
create function app.work_item_counts_truncate() returns trigger
  language plpgsql
as $$
begin
  truncate public.work_item_counts;
  return null;
end
$$;
revoke all on function app.work_item_counts_truncate() from public;
create trigger work_items_counts_truncate after truncate on work_items
  for each statement execute function app.work_item_counts_truncate();

-- get_stuck_issues: the open and in-progress items of a tenant, oldest status change first. Under RLS its
-- `status in (...) order by status_changed_at` could not use work_items_status_changed_idx (status leads, so
-- the order needs a merge of two ranges the planner does not do): this partial index reads them in order.
create index work_items_active_status_changed_idx on work_items (tenant_id, status_changed_at)
  where not is_deleted and status in ('open', 'in_progress');

-- The counts of the items already there.
insert into work_item_counts (tenant_id, instance_id, project_key, source, status, items, last_synced_at)
select tenant_id, instance_id, project_key, source, status, count(*)::int, max(synced_at)
from work_items
where not is_deleted
group by tenant_id, instance_id, project_key, source, status;

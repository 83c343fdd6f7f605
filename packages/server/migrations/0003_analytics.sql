-- The MCP SQL analytics role and the indexes of its templates.
--
-- Templates run inside a runtime transaction (tenant set, READ ONLY, statement_timeout) after
-- `set local role ds_analytics`: a role that can only SELECT the tables the templates read, so a template that
-- tried to write, or to read tokens, audit rows or credentials, fails even before READ ONLY would stop it.
-- ds_analytics is not a superuser, has NOBYPASSRLS, owns nothing and cannot log in. ds_runtime is a member
-- (NOINHERIT: it gains none of these privileges, it may only switch to the role for a transaction).

-- Roles are cluster-wide: another database on the same server may have created it already, possibly at the
-- same moment (parallel test databases), hence the exception handlers.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'ds_analytics') then
    create role ds_analytics nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
exception when duplicate_object or unique_violation then
  null;
end
$$;

do $$
begin
  if not pg_has_role('ds_runtime', 'ds_analytics', 'MEMBER') then
    grant ds_analytics to ds_runtime;
  end if;
exception when duplicate_object or unique_violation then
  null;
end
$$;

grant usage on schema app to ds_analytics;
grant usage on schema public to ds_analytics;
grant execute on function app.current_tenant_id() to ds_analytics;

grant select on
  work_items, work_item_transitions, work_item_comments, work_item_links, work_item_metrics_daily, projects, people
  to ds_analytics;
-- Column grants: the sealed credentials and webhook secret stay out of reach of every template.
grant select (
  tenant_id, id, source_type, name, base_url, status, created_at, updated_at, deleted_at, next_sync_at, sync_state
) on source_instances to ds_analytics;

-- Read-only policies, one per table, with the same expression as ds_runtime's (design rules 2 and 7).
create policy work_items_analytics_select on work_items
  for select to ds_analytics using (tenant_id = (select app.current_tenant_id()));
create policy work_item_transitions_analytics_select on work_item_transitions
  for select to ds_analytics using (tenant_id = (select app.current_tenant_id()));
create policy work_item_comments_analytics_select on work_item_comments
  for select to ds_analytics using (tenant_id = (select app.current_tenant_id()));
create policy work_item_links_analytics_select on work_item_links
  for select to ds_analytics using (tenant_id = (select app.current_tenant_id()));
create policy work_item_metrics_daily_analytics_select on work_item_metrics_daily
  for select to ds_analytics using (tenant_id = (select app.current_tenant_id()));
create policy projects_analytics_select on projects
  for select to ds_analytics using (tenant_id = (select app.current_tenant_id()));
create policy people_analytics_select on people
  for select to ds_analytics using (tenant_id = (select app.current_tenant_id()));
create policy source_instances_analytics_select on source_instances
  for select to ds_analytics using (tenant_id = (select app.current_tenant_id()));

-- lead_time_metrics and cross-project metrics read one team's rows (team '' = all items) of every project
-- for a date range; the primary key leads with project_key and cannot serve that.
create index work_item_metrics_daily_team_date_idx on work_item_metrics_daily (tenant_id, team, date);

-- search_issues_by_text (design rule 8). Under RLS, pg_trgm's `%`, `<%` and ILIKE are not leakproof, so
-- work_items_title_trgm_idx is never used for a restricted role: EXPLAIN as ds_analytics shows a filter over
-- the project's rows either way. The template therefore takes its candidates by project keys (texteq is
-- leakproof) and ranks them with word_similarity(). This covering index makes that candidate scan
-- index-only (no heap: raw_payload and description stay unread), with the columns the optional filters and
-- the tie-break (updated_at) use.
create index work_items_project_title_idx on work_items (tenant_id, project_key)
  include (id, title, status, source, instance_id, updated_at) where not is_deleted;

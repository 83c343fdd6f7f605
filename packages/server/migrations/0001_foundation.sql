-- Digital Spiral foundation schema.
--
-- Runs as the OWNER role (DATABASE_MIGRATION_URL). The application runs as `ds_runtime`, which owns nothing,
-- is not a superuser, has NOBYPASSRLS and is not a member of the owner role (design rules 1-8).
-- Every tenant-scoped table: tenant_id uuid not null, keys lead with tenant_id, RLS enabled AND forced,
-- one permissive policy per command TO ds_runtime comparing tenant_id = (select app.current_tenant_id()).

create extension if not exists pg_trgm;
create extension if not exists btree_gin;

-- Roles are cluster-wide: another database on the same server may have created it already, possibly at
-- the same moment (parallel test databases), hence the exception handler.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'ds_runtime') then
    create role ds_runtime nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
exception when duplicate_object or unique_violation then
  null;
end
$$;

create schema if not exists app;
revoke all on schema app from public;
grant usage on schema app to ds_runtime;
grant usage on schema public to ds_runtime;

-- The tenant of the current transaction. Raises when unset: a missing tenant is a loud bug, never
-- "all rows" and never a silent empty answer. nullif() because current_setting(..., true) answers ''
-- (not NULL) on a connection that had a transaction-local value before.
create or replace function app.current_tenant_id() returns uuid
  language plpgsql stable parallel safe
as $$
declare
  v uuid;
begin
  v := nullif(current_setting('app.current_tenant_id', true), '')::uuid;
  if v is null then
    raise exception 'tenant context is not set' using errcode = '42501',
      hint = 'run the query inside withTenant()';
  end if;
  return v;
end
$$;
revoke all on function app.current_tenant_id() from public;
grant execute on function app.current_tenant_id() to ds_runtime;

-- Enables and forces RLS on a tenant-scoped table and creates its four policies. Owner-only helper for
-- this and later migrations.
create or replace function app.apply_tenant_rls(tbl text) returns void
  language plpgsql
as $$
begin
  execute format('alter table %I enable row level security', tbl);
  execute format('alter table %I force row level security', tbl);
  execute format('create policy %I on %I for select to ds_runtime using (tenant_id = (select app.current_tenant_id()))',
    tbl || '_select', tbl);
  execute format('create policy %I on %I for insert to ds_runtime with check (tenant_id = (select app.current_tenant_id()))',
    tbl || '_insert', tbl);
  execute format('create policy %I on %I for update to ds_runtime using (tenant_id = (select app.current_tenant_id())) with check (tenant_id = (select app.current_tenant_id()))',
    tbl || '_update', tbl);
  execute format('create policy %I on %I for delete to ds_runtime using (tenant_id = (select app.current_tenant_id()))',
    tbl || '_delete', tbl);
end
$$;
revoke all on function app.apply_tenant_rls(text) from public;

-- Tenants are managed by the owner (CLI, demo bootstrap); the runtime role may only read its own.
create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
alter table tenants enable row level security;
create policy tenants_select on tenants for select to ds_runtime using (id = (select app.current_tenant_id()));

create table users (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  email text not null check (length(email) between 3 and 320),
  display_name text not null default '',
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, email)
);

create table api_tokens (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  user_id uuid,
  name text not null default '' check (length(name) <= 200),
  -- SHA-256 of the whole token; the token itself is shown once and never stored.
  token_hash bytea not null check (length(token_hash) = 32),
  scopes text[] not null check (scopes <@ array['read', 'write', 'admin']::text[] and cardinality(scopes) > 0),
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, token_hash),
  foreign key (tenant_id, user_id) references users (tenant_id, id)
);

create table source_instances (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  source_type text not null check (source_type in ('jira', 'github', 'asana', 'linear')),
  name text not null check (length(name) between 1 and 200),
  base_url text not null,
  auth_type text not null check (auth_type in ('basic', 'bearer', 'api_key', 'oauth')),
  -- AES-256-GCM envelope (see src/crypto), bound to tenant and instance ids as associated data.
  credentials_encrypted text not null,
  -- Per-instance overrides of status/type/priority normalization.
  mapping jsonb not null default '{}'::jsonb,
  -- What to sync: projects/repositories, interval, overlap window, per-instance upstream request budget.
  sync_settings jsonb not null default '{}'::jsonb,
  -- Watermarks and last results of the sync engine.
  sync_state jsonb not null default '{}'::jsonb,
  status text not null default 'active' check (status in ('active', 'paused', 'error')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (tenant_id, id)
);
create unique index source_instances_name_key on source_instances (tenant_id, lower(name)) where deleted_at is null;

create table projects (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  instance_id uuid not null,
  source_id text not null,
  key text not null,
  name text not null default '',
  team text,
  raw_payload jsonb not null default '{}'::jsonb,
  is_deleted boolean not null default false,
  last_synced_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, instance_id, source_id),
  foreign key (tenant_id, instance_id) references source_instances (tenant_id, id)
);
create index projects_key_idx on projects (tenant_id, key);

-- Source accounts (for assignees, reporters and @-mentions).
create table people (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  instance_id uuid not null,
  account_id text not null,
  display_name text not null default '',
  email text,
  active boolean not null default true,
  raw_payload jsonb not null default '{}'::jsonb,
  primary key (tenant_id, id),
  unique (tenant_id, instance_id, account_id),
  foreign key (tenant_id, instance_id) references source_instances (tenant_id, id)
);
create index people_name_idx on people (tenant_id, lower(display_name));

create table work_items (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  instance_id uuid not null,
  source text not null check (source in ('jira', 'github', 'asana', 'linear')),
  source_id text not null,
  source_key text not null,
  project_key text not null,
  title text not null default '',
  description text,
  type text not null check (type in ('bug', 'task', 'story', 'epic', 'issue', 'pr', 'subtask')),
  original_type text not null default '',
  status text not null check (status in ('open', 'in_progress', 'done', 'closed')),
  original_status text not null default '',
  priority text not null default 'none' check (priority in ('critical', 'high', 'medium', 'low', 'none')),
  original_priority text,
  assignee_account_id text,
  assignee_name text,
  reporter_account_id text,
  reporter_name text,
  labels text[] not null default '{}',
  team text,
  parent_key text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz,
  -- When the item entered its current status: serves "stuck" and "days in status" without a history scan.
  status_changed_at timestamptz,
  is_deleted boolean not null default false,
  custom_fields jsonb not null default '{}'::jsonb,
  raw_payload jsonb not null default '{}'::jsonb,
  synced_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, instance_id, source_id),
  foreign key (tenant_id, instance_id) references source_instances (tenant_id, id)
);
create index work_items_project_updated_idx on work_items (tenant_id, project_key, updated_at desc, id);
create index work_items_key_idx on work_items (tenant_id, source_key);
create index work_items_assignee_idx on work_items (tenant_id, assignee_account_id, status) where not is_deleted;
create index work_items_status_changed_idx on work_items (tenant_id, status, status_changed_at) where not is_deleted;
create index work_items_instance_updated_idx on work_items (tenant_id, instance_id, updated_at);
create index work_items_title_trgm_idx on work_items using gin (tenant_id, title gin_trgm_ops);

create table work_item_transitions (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  work_item_id uuid not null,
  instance_id uuid not null,
  -- The source's id of the history entry, so replaying a page upserts instead of duplicating.
  source_event_id text not null,
  from_status text check (from_status in ('open', 'in_progress', 'done', 'closed')),
  to_status text not null check (to_status in ('open', 'in_progress', 'done', 'closed')),
  from_original text,
  to_original text not null default '',
  actor_account_id text,
  actor_name text,
  transitioned_at timestamptz not null,
  primary key (tenant_id, id),
  unique (tenant_id, work_item_id, source_event_id),
  foreign key (tenant_id, work_item_id) references work_items (tenant_id, id) on delete cascade
);
create index work_item_transitions_item_idx on work_item_transitions (tenant_id, work_item_id, transitioned_at desc);

create table work_item_comments (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  work_item_id uuid not null,
  instance_id uuid not null,
  source_id text not null,
  author_account_id text,
  author_name text,
  body text not null default '',
  created_at timestamptz not null,
  updated_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, work_item_id, source_id),
  foreign key (tenant_id, work_item_id) references work_items (tenant_id, id) on delete cascade
);
create index work_item_comments_item_idx on work_item_comments (tenant_id, work_item_id, created_at desc);

create table work_item_links (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  work_item_id uuid not null,
  instance_id uuid not null,
  link_type text not null,
  direction text not null check (direction in ('outward', 'inward')),
  target_key text not null,
  source_id text,
  primary key (tenant_id, id),
  unique (tenant_id, work_item_id, link_type, direction, target_key),
  foreign key (tenant_id, work_item_id) references work_items (tenant_id, id) on delete cascade
);
create index work_item_links_target_idx on work_item_links (tenant_id, target_key);

-- A table, not a materialized view: materialized views cannot have RLS (design rule 6).
-- team is '' when the source has no teams, so it can be part of the key.
create table work_item_metrics_daily (
  tenant_id uuid not null,
  project_key text not null,
  team text not null default '',
  date date not null,
  created integer not null default 0,
  closed integer not null default 0,
  wip integer not null default 0,
  wip_no_assignee integer not null default 0,
  stuck integer not null default 0,
  reopened integer not null default 0,
  lead_time_p50_hours double precision,
  lead_time_p90_hours double precision,
  lead_time_avg_hours double precision,
  computed_at timestamptz not null default now(),
  primary key (tenant_id, project_key, team, date)
);

-- Append-only for the runtime role: it gets INSERT and SELECT, never UPDATE or DELETE.
create table audit_log (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  at timestamptz not null default now(),
  request_id text not null,
  token_id uuid,
  user_id uuid,
  instance_id uuid,
  action text not null,
  arguments jsonb not null default '{}'::jsonb,
  outcome text not null check (outcome in ('success', 'error', 'replayed')),
  error_code text,
  upstream_status integer,
  duration_ms integer,
  primary key (tenant_id, id)
);
create index audit_log_at_idx on audit_log (tenant_id, at desc);

-- Durable record of idempotent writes, keyed per (tenant, tool, key).
create table idempotency_keys (
  tenant_id uuid not null,
  scope text not null,
  key text not null,
  fingerprint text not null,
  result jsonb,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (tenant_id, scope, key)
);

create table sync_jobs (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  instance_id uuid not null,
  kind text not null check (kind in ('backfill', 'incremental')),
  status text not null default 'pending' check (status in ('pending', 'running', 'completed', 'failed', 'cancelled')),
  params jsonb not null default '{}'::jsonb,
  -- Where a crashed job resumes: per project, the last completed page cursor.
  checkpoint jsonb not null default '{}'::jsonb,
  progress jsonb not null default '{}'::jsonb,
  counts jsonb not null default '{}'::jsonb,
  error text,
  attempts integer not null default 0,
  cancel_requested boolean not null default false,
  locked_by text,
  heartbeat_at timestamptz,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, instance_id) references source_instances (tenant_id, id)
);
-- At most one running job per instance.
create unique index sync_jobs_one_running_idx on sync_jobs (tenant_id, instance_id) where status = 'running';
create index sync_jobs_status_idx on sync_jobs (tenant_id, status, created_at);

select app.apply_tenant_rls(t)
from unnest(array[
  'users', 'api_tokens', 'source_instances', 'projects', 'people', 'work_items', 'work_item_transitions',
  'work_item_comments', 'work_item_links', 'work_item_metrics_daily', 'audit_log', 'idempotency_keys', 'sync_jobs'
]) as t;

grant select on tenants to ds_runtime;
grant select, insert, update, delete on
  users, api_tokens, source_instances, projects, people, work_items, work_item_transitions, work_item_comments,
  work_item_links, work_item_metrics_daily, idempotency_keys, sync_jobs
  to ds_runtime;
grant select, insert on audit_log to ds_runtime;

-- Created by the migration runner before this file runs; readiness checks read it.
grant select on schema_migrations to ds_runtime;

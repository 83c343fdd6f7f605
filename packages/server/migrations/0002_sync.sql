-- What the sync engine needs beyond the foundation schema.

-- The source's category hint beside its status name (Jira status category, Linear state type, GitHub
-- state, Asana completion): with the original name it re-normalizes items without calling the source.
alter table work_items add column status_category text not null default '';
alter table work_item_transitions add column from_category text;
alter table work_item_transitions add column to_category text not null default '';

-- Webhook deliveries are verified with a per-instance secret, sealed like the credentials.
alter table source_instances add column webhook_secret_encrypted text;

-- Incremental sync picks instances by when they are due.
alter table source_instances add column next_sync_at timestamptz;
create index source_instances_due_idx on source_instances (tenant_id, next_sync_at) where deleted_at is null;

-- Metrics recomputation reads transitions by project and day.
create index work_item_transitions_at_idx on work_item_transitions (tenant_id, transitioned_at);
create index work_items_project_created_idx on work_items (tenant_id, project_key, created_at);

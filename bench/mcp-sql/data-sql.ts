/**
 * The set-based SQL of the bench:mcp-sql data generator. Everything runs as the owner on a throwaway bench
 * database; helper tables and functions live in the `bench` schema, which the runtime role cannot reach.
 * Statements take their parameters as `$n` (bound, extended protocol) and draw with random(), seeded once.
 */

/** Title words: the first nouns are common, the last ones rare, so text queries range in selectivity. */
export const WORDS = {
  verbs: [
    'Fix',
    'Investigate',
    'Add',
    'Improve',
    'Refactor',
    'Remove',
    'Update',
    'Migrate',
    'Support',
    'Document',
    'Optimize',
    'Handle',
    'Implement',
    'Validate',
    'Cache',
    'Retry',
    'Log',
    'Test',
    'Upgrade',
    'Clean up',
  ],
  adjectives: [
    'flaky',
    'slow',
    'broken',
    'missing',
    'duplicate',
    'intermittent',
    'incorrect',
    'stale',
    'legacy',
    'empty',
    'large',
    'nested',
    'async',
    'concurrent',
    'invalid',
    'expired',
    'partial',
    'hidden',
    'default',
    'unicode',
  ],
  nouns: [
    'login',
    'timeout',
    'checkout',
    'export',
    'invoice',
    'webhook',
    'dashboard',
    'search',
    'notification',
    'payment',
    'upload',
    'report',
    'session',
    'token',
    'permission',
    'pagination',
    'migration',
    'cache',
    'sync',
    'filter',
    'chart',
    'email',
    'password',
    'profile',
    'comment',
    'attachment',
    'calendar',
    'billing',
    'refund',
    'onboarding',
    'import',
    'API key',
    'rate limit',
    'memory leak',
    'deadlock',
    'crash',
    'error message',
    'tooltip',
    'dark mode',
    'audit log',
  ],
  components: [
    'the checkout service',
    'the mobile app',
    'the admin panel',
    'the API gateway',
    'the reporting pipeline',
    'the billing module',
    'the search index',
    'the web client',
    'the worker queue',
    'the auth service',
    'Safari',
    'Android',
    'iOS',
    'the CLI',
    'the data warehouse',
  ],
  projects: [
    'core',
    'payments',
    'web',
    'mobile',
    'api',
    'platform',
    'data',
    'infra',
    'search',
    'billing',
    'auth',
    'growth',
    'ads',
    'checkout',
    'notifications',
    'analytics',
    'ml',
    'security',
    'docs',
    'support',
    'ops',
    'design',
    'onboarding',
    'reports',
    'integrations',
    'catalog',
    'inventory',
    'shipping',
    'crm',
    'identity',
  ],
  projectKeys: [
    'CORE',
    'PAY',
    'WEB',
    'MOB',
    'API',
    'PLAT',
    'DATA',
    'INFRA',
    'SRCH',
    'BILL',
    'AUTH',
    'GROW',
    'ADS',
    'CHK',
    'NOTIF',
    'ANLT',
    'ML',
    'SEC',
    'DOCS',
    'SUP',
    'OPS',
    'DSGN',
    'ONB',
    'RPT',
    'INTG',
    'CAT',
    'INV',
    'SHIP',
    'CRM',
    'IDN',
  ],
  teams: ['platform', 'payments', 'mobile', 'web', 'data', 'infra', 'growth', 'core'],
  firstNames: [
    'Alice',
    'Bob',
    'Carol',
    'Dan',
    'Eve',
    'Frank',
    'Grace',
    'Heidi',
    'Ivan',
    'Judy',
    'Karl',
    'Lena',
    'Mallory',
    'Nina',
    'Oscar',
    'Peggy',
    'Quinn',
    'Rupert',
    'Sybil',
    'Trent',
    'Uma',
    'Victor',
    'Wendy',
    'Xavier',
    'Yara',
    'Zoe',
    'Amir',
    'Bea',
    'Chen',
    'Dana',
    'Emeka',
    'Fatima',
    'Goran',
    'Hana',
    'Ines',
    'Jonas',
    'Kofi',
    'Lucia',
    'Mateo',
    'Noor',
  ],
  lastNames: [
    'Smith',
    'Jones',
    'Garcia',
    'Miller',
    'Davis',
    'Lopez',
    'Wilson',
    'Anderson',
    'Thomas',
    'Taylor',
    'Moore',
    'Martin',
    'Lee',
    'Perez',
    'White',
    'Harris',
    'Clark',
    'Lewis',
    'Walker',
    'Hall',
    'Young',
    'King',
    'Wright',
    'Scott',
    'Green',
    'Baker',
    'Adams',
    'Nelson',
    'Hill',
    'Campbell',
    'Novak',
    'Kowalski',
    'Nguyen',
    'Sato',
    'Okafor',
    'Silva',
    'Muller',
    'Rossi',
    'Jensen',
    'Horvat',
  ],
  areaLabels: ['backend', 'frontend', 'mobile', 'infra', 'data', 'api'],
  kindLabels: ['regression', 'customer', 'security', 'performance', 'tech-debt', 'ux', 'needs-triage'],
  commentPhrases: [
    'Reproduced on staging.',
    'Cannot reproduce locally, can you share the logs?',
    'Fixed in the latest build.',
    'This blocks the release.',
    'Moving to the next sprint.',
    'Customer escalated this again.',
    'Added a regression test.',
    'Looks like a duplicate.',
    'Root cause is the retry loop.',
    'Needs a design review first.',
    'Deployed behind a feature flag.',
    'Please verify on production.',
  ],
} as const;

const array = (values: readonly string[]): string =>
  `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]::text[]`;
const pick = (values: readonly string[], index: string): string => `(${array(values)})[1 + ${index}]`;
const n = (values: readonly string[]): number => values.length;

/** Helper functions (immutable SQL functions, inlined by the planner). */
export const HELPER_FUNCTIONS = `
create schema bench;
create table bench.meta (key text primary key, value jsonb not null);

-- The normalized status after the j-th of k transitions of an item whose current status is s.
-- done/closed: open -> in_progress (several in-progress states) -> s, optionally done -> reopened -> s.
-- in_progress: open -> in_progress..., optionally done -> reopened. open: back to the backlog at the end.
create function bench.step_status(s text, k int, j int, reopen boolean) returns text
  language sql immutable
as $$
  select case
    when j <= 0 then 'open'
    when j >= k then s
    when s in ('done', 'closed') then case when reopen and j = k - 2 then 'done' else 'in_progress' end
    when s = 'in_progress' then case when reopen and j = k - 1 then 'done' else 'in_progress' end
    else 'in_progress'
  end
$$;

-- The source's own status name for a normalized status (j varies the in-progress names).
create function bench.original(src text, s text, j int) returns text
  language sql immutable
as $$
  select case src
    when 'jira' then case s when 'open' then 'To Do'
      when 'in_progress' then (array['In Progress', 'In Review', 'QA'])[1 + j % 3]
      when 'done' then 'Done' else 'Won''t Do' end
    when 'github' then case s when 'done' then 'closed' when 'closed' then 'closed' else 'open' end
    when 'asana' then case s when 'open' then 'To do' when 'in_progress' then 'Doing' else 'Completed' end
    else case s when 'open' then 'Todo' when 'in_progress' then (array['In Progress', 'In Review'])[1 + j % 2]
      when 'done' then 'Done' else 'Canceled' end
  end
$$;

create function bench.category(src text, s text) returns text
  language sql immutable
as $$
  select case src
    when 'jira' then case s when 'open' then 'new' when 'in_progress' then 'indeterminate' else 'done' end
    when 'github' then case s when 'done' then 'closed' when 'closed' then 'closed_not_planned' else 'open' end
    when 'asana' then case s when 'open' then 'incomplete' when 'in_progress' then 'incomplete' else 'completed' end
    else case s when 'open' then 'unstarted' when 'in_progress' then 'started' when 'done' then 'completed'
      else 'canceled' end
  end
$$;
`;

export const CREATE_TENANT_TABLE = `
create table bench.tenants (
  rank int primary key, tenant_id uuid not null, size int not null, n_instances int not null,
  n_projects int not null, n_teams int not null
)`;

/** $1 int[]: tenant sizes by rank; $2: the anchor instant ("now" of the data). */
export const INSERT_TENANTS = `
with s as (
  select r::int as rank, size from unnest($1::int[]) with ordinality as u(size, r)
),
ins as (
  insert into tenants (slug, name, created_at)
  select 'bench-t' || lpad(rank::text, 3, '0'), 'Bench tenant ' || rank, $2::timestamptz - interval '800 days'
  from s
  returning id, slug
),
sized as (
  select s.rank, ins.id as tenant_id, s.size,
    -- The ten largest tenants connect three sources, the others one to three.
    case when s.rank <= 10 then 3 else 1 + (s.rank * 7) % 3 end as n_instances,
    least(${n(WORDS.projects)}, greatest(2, round(sqrt(s.size) / 15)))::int as n_projects
  from s join ins on ins.slug = 'bench-t' || lpad(s.rank::text, 3, '0')
)
insert into bench.tenants (rank, tenant_id, size, n_instances, n_projects, n_teams)
select rank, tenant_id, size, n_instances, n_projects, least(${n(WORDS.teams)}, 2 + n_projects / 3) from sized
`;

/** Source instances, projects and people (several statements, no parameters). */
export const INSERT_INSTANCES_PROJECTS_PEOPLE = `
create table bench.instances as
select t.tenant_id, t.rank, i as idx, gen_random_uuid() as instance_id,
  (array['jira', 'github', 'asana', 'linear'])[1 + (t.rank - 1 + i) % 4] as source_type,
  greatest(6, round(sqrt(t.size) * 1.2 / t.n_instances))::int as n_people
from bench.tenants t cross join lateral generate_series(0, t.n_instances - 1) i;

insert into source_instances (tenant_id, id, source_type, name, base_url, auth_type, credentials_encrypted,
  sync_settings, sync_state, created_at, updated_at)
select tenant_id, instance_id, source_type, initcap(source_type),
  case source_type when 'jira' then 'https://acme-' || rank || '.atlassian.net'
    when 'github' then 'https://api.github.com' when 'asana' then 'https://app.asana.com/api/1.0'
    else 'https://api.linear.app' end,
  case source_type when 'jira' then 'basic' when 'linear' then 'api_key' else 'bearer' end,
  'bench.not-an-envelope',
  '{"interval_seconds": 300}'::jsonb, '{}'::jsonb,
  now() - interval '800 days', now()
from bench.instances;

create table bench.projects as
select t.tenant_id, t.rank, p, inst.instance_id, inst.source_type, inst.n_people, t.n_teams,
  ${pick(WORDS.projects, 'p')} as word,
  case inst.source_type
    when 'github' then 'acme/' || ${pick(WORDS.projects, 'p')}
    when 'asana' then (1200000000000000 + t.rank * 1000 + p)::text
    else ${pick(WORDS.projectKeys, 'p')}
  end as project_key,
  p % t.n_teams as team_idx
from bench.tenants t
cross join lateral generate_series(0, t.n_projects - 1) p
join bench.instances inst on inst.tenant_id = t.tenant_id and inst.idx = p % t.n_instances;

insert into projects (tenant_id, instance_id, source_id, key, name, team, raw_payload, last_synced_at)
select tenant_id, instance_id,
  case source_type when 'asana' then project_key else (10000 + rank * 100 + p)::text end,
  project_key, initcap(word), ${pick(WORDS.teams, 'team_idx')},
  jsonb_build_object('key', project_key, 'name', initcap(word)), now()
from bench.projects;

create table bench.people as
select inst.tenant_id, inst.instance_id, inst.source_type, i as idx,
  ${pick(WORDS.firstNames, `i % ${n(WORDS.firstNames)}`)} as first_name,
  ${pick(WORDS.lastNames, `(i / ${n(WORDS.firstNames)} + i * 7) % ${n(WORDS.lastNames)}`)} as last_name
from bench.instances inst cross join lateral generate_series(0, inst.n_people - 1) i;
alter table bench.people add column account_id text, add column display_name text;
update bench.people set display_name = first_name || ' ' || last_name,
  account_id = case source_type
    when 'jira' then '5b' || substr(md5(instance_id::text || idx), 1, 22)
    when 'github' then lower(first_name) || '-' || lower(last_name) || '-' || idx
    when 'asana' then (1100000000000000 + idx)::text
    else md5(instance_id::text || idx)::uuid::text
  end;
create unique index on bench.people (instance_id, idx);

insert into people (tenant_id, instance_id, account_id, display_name, email, active, raw_payload)
select tenant_id, instance_id, account_id, display_name,
  lower(first_name || '.' || last_name || idx) || '@example.com', idx % 17 <> 16,
  jsonb_build_object('accountId', account_id)
from bench.people;
`;

/**
 * One row per work item with everything the item, its transitions, comments and links are derived from.
 * $1: the anchor instant; $2: days of history. Items are created over the period, more of them recently;
 * the older an item, the likelier it is done. k is its number of transitions, l_secs the time from creation
 * to its last one (lead time for done items, time until entering the current status otherwise).
 */
export const CREATE_ITEM_GEN = `
create unlogged table bench.item_gen as
with base as (
  select t.tenant_id, t.rank, n,
    floor(t.n_projects * power(random(), 1.7))::int as p,
    1 - sqrt(random()) as age,
    random() as r_status, random() as r_status2, random() as r_k, random() as r_reopen,
    random() as r_lead1, random() as r_lead2, random() as r_upd, random() as r_asg, random() as r_asg2,
    random() as r_rep, random() as r_team, random() as r_team2, random() as r_prio, random() as r_type,
    random() as r_v, random() as r_a, random() as r_n, random() as r_c, random() as r_suffix,
    random() as r_desc, random() as r_n2, random() as r_a2, random() as r_l1, random() as r_l2,
    random() as r_del, random() as r_comments, random() as r_link, random() as r_points
  from bench.tenants t cross join lateral generate_series(1, t.size) n
),
s1 as (
  select b.*, pr.instance_id, pr.source_type as source, pr.project_key, pr.n_people, pr.team_idx, pr.n_teams,
    $1::timestamptz - b.age * ($2::int * interval '1 day') as created_at,
    least(0.92, 0.3 + 2 * b.age) as p_done
  from base b join bench.projects pr on pr.tenant_id = b.tenant_id and pr.p = b.p
),
s2 as (
  select s1.*,
    case when r_status < p_done * 0.82 then 'done' when r_status < p_done then 'closed'
      when r_status2 < 0.55 then 'open' else 'in_progress' end as status,
    extract(epoch from $1::timestamptz - created_at) as avail
  from s1
),
s3 as (
  select s2.*,
    case status
      when 'done' then 2 + floor(r_k * 9.4)::int
      when 'closed' then case when r_k < 0.25 then 1 else 2 + floor(r_k * 8)::int end
      when 'in_progress' then 1 + floor(r_k * 6)::int
      else case when r_k < 0.65 then 0 when r_k < 0.9 then 2 else 4 end
    end as k
  from s2
),
s4 as (
  select s3.*,
    k >= 3 and r_reopen < (case status when 'done' then 0.12 when 'in_progress' then 0.1 else 0.05 end) as reopen,
    case
      when k = 0 then 0
      -- Lead time: log-normal around 6 days.
      when status in ('done', 'closed') then least(avail * 0.98,
        exp(ln(6 * 86400) + 1.1 * sqrt(-2 * ln(1 - r_lead1)) * cos(2 * pi() * r_lead2)))
      -- Time in the current status: exponential, mean 25 days (so about half are "stuck" after 14 days).
      else greatest(avail * 0.02, avail + ln(1 - r_lead1) * 25 * 86400)
    end as l_secs,
    case when source in ('github', 'asana') then (r_prio - 0.7) / 0.3 else r_prio end as q_prio
  from s3
),
s5 as (
  select s4.*,
    created_at + l_secs * interval '1 second' as status_changed_at,
    case when r_asg < (case status when 'open' then 0.4 else 0.12 end) then null
      else floor(n_people * power(r_asg2, 1.6))::int end as assignee_idx,
    floor(n_people * r_rep)::int as reporter_idx,
    case source
      when 'jira' then case when r_type < 0.25 then 'bug' when r_type < 0.6 then 'task' when r_type < 0.85 then 'story'
        when r_type < 0.9 then 'epic' else 'subtask' end
      when 'github' then case when r_type < 0.45 then 'pr' when r_type < 0.65 then 'bug' else 'issue' end
      when 'asana' then case when r_type < 0.15 then 'bug' when r_type < 0.8 then 'task' else 'subtask' end
      else case when r_type < 0.3 then 'bug' when r_type < 0.85 then 'issue' else 'subtask' end
    end as type,
    case when source in ('github', 'asana') and r_prio < 0.7 then 'none'
      else case when q_prio < 0.03 then 'critical' when q_prio < 0.2 then 'high' when q_prio < 0.65 then 'medium'
        when q_prio < 0.87 then 'low' else 'none' end
    end as priority
  from s4
),
items as (
select s5.tenant_id, s5.rank, gen_random_uuid() as id, s5.instance_id, s5.source, s5.project_key, s5.n,
  row_number() over (partition by s5.tenant_id, s5.p order by s5.created_at, s5.n)::int as seq,
  case source
    when 'jira' then (10000 + n)::text
    when 'github' then 'I_kwDO' || upper(substr(md5(tenant_id::text || n), 1, 16))
    when 'asana' then (1200000000000000 + rank::bigint * 10000000 + n)::text
    else md5(tenant_id::text || n)::uuid::text
  end as source_id,
  ${pick(WORDS.verbs, `floor(r_v * ${n(WORDS.verbs)})::int`)} || ' '
    || ${pick(WORDS.adjectives, `floor(r_a * ${n(WORDS.adjectives)})::int`)} || ' '
    || ${pick(WORDS.nouns, `floor(power(r_n, 1.5) * ${n(WORDS.nouns)})::int`)} || ' in '
    || ${pick(WORDS.components, `floor(r_c * ${n(WORDS.components)})::int`)}
    || case when r_suffix < 0.2 then ' after the ' || ${pick(WORDS.nouns, `floor(r_suffix * 5 * ${n(WORDS.nouns)})::int`)} || ' change'
      else '' end as title,
  case when r_desc < 0.55 then 'Users report that the '
    || ${pick(WORDS.nouns, `floor(r_n2 * ${n(WORDS.nouns)})::int`)} || ' is '
    || ${pick(WORDS.adjectives, `floor(r_a2 * ${n(WORDS.adjectives)})::int`)} || ' in '
    || ${pick(WORDS.components, `floor(r_desc / 0.55 * ${n(WORDS.components)})::int`)}
    || '. Expected: it works as documented. Steps to reproduce are in the linked ticket.' end as description,
  type, status, priority, reopen, k, l_secs,
  case when r_points < 0.3 then 0 when r_points < 0.6 then 1 when r_points < 0.8 then 2 else 3 end as n_comments,
  r_link < 0.15 as has_link,
  assignee_idx, reporter_idx, n_people,
  case when r_team < 0.1 then null
    when r_team2 < 0.7 then ${pick(WORDS.teams, 'team_idx')}
    else ${pick(WORDS.teams, 'floor((r_team2 - 0.7) / 0.3 * n_teams)::int')} end as team,
  array_remove(array[
    case when r_l1 < 0.4 then ${pick(WORDS.areaLabels, `floor(r_l1 / 0.4 * ${n(WORDS.areaLabels)})::int`)} end,
    case when r_l2 < 0.25 then ${pick(WORDS.kindLabels, `floor(r_l2 / 0.25 * ${n(WORDS.kindLabels)})::int`)} end
  ], null) as labels,
  created_at, status_changed_at,
  status_changed_at + power(r_upd, 4) * ($1::timestamptz - status_changed_at) as updated_at,
  case when status in ('done', 'closed') then status_changed_at end as closed_at,
  r_del < 0.005 as is_deleted,
  case when source = 'jira' and type = 'story' then jsonb_build_object('story_points', 1 + floor(r_points * 8)::int)
    else '{}'::jsonb end as custom_fields
from s5
)
select i.*,
  case i.source when 'github' then i.project_key || '#' || i.seq when 'asana' then i.source_id
    else i.project_key || '-' || i.seq end as source_key,
  case when i.type = 'subtask' and i.seq > 5 and i.source <> 'asana' then
    i.project_key || case i.source when 'github' then '#' else '-' end || (i.seq - 1 - i.seq % 5) end as parent_key,
  a.account_id as assignee_account_id, a.display_name as assignee_name,
  r.account_id as reporter_account_id, r.display_name as reporter_name
from items i
join bench.people r on r.instance_id = i.instance_id and r.idx = i.reporter_idx
left join bench.people a on a.instance_id = i.instance_id and a.idx = i.assignee_idx
`;

/** $1: the anchor instant (synced_at). */
export const INSERT_WORK_ITEMS = `
insert into work_items (tenant_id, id, instance_id, source, source_id, source_key, project_key, title, description,
  type, original_type, status, original_status, status_category, priority, original_priority,
  assignee_account_id, assignee_name, reporter_account_id, reporter_name, labels, team, parent_key,
  created_at, updated_at, closed_at, status_changed_at, is_deleted, custom_fields, raw_payload, synced_at)
select tenant_id, id, instance_id, source, source_id, source_key, project_key, title, description,
  type,
  case source when 'jira' then case type when 'subtask' then 'Sub-task' else initcap(type) end
    when 'github' then case type when 'pr' then 'pull_request' else 'issue' end
    when 'asana' then case type when 'subtask' then 'subtask' else 'task' end
    else 'issue' end,
  status, bench.original(source, status, k), bench.category(source, status),
  priority,
  case when priority = 'none' then null
    when source = 'linear' then case priority when 'critical' then '1' when 'high' then '2' when 'medium' then '3'
      else '4' end
    when source = 'jira' then case priority when 'critical' then 'Highest' else initcap(priority) end
    else 'priority: ' || priority end,
  assignee_account_id, assignee_name, reporter_account_id, reporter_name, labels, team, parent_key,
  created_at, updated_at, closed_at, status_changed_at, is_deleted, custom_fields,
  jsonb_build_object('id', source_id, 'key', source_key, 'fields',
    jsonb_build_object('summary', title, 'status', bench.original(source, status, k), 'labels', labels)),
  $1::timestamptz
from bench.item_gen
`;

/**
 * Transitions consistent with each item's status, status_changed_at and closed_at (the last one). The
 * statuses are computed below `offset 0`, so that the helpers taking them are inlined (a helper whose
 * argument is an expensive expression used twice is not, and costs a function call per row).
 */
export const INSERT_TRANSITIONS = `
insert into work_item_transitions (tenant_id, work_item_id, instance_id, source_event_id, from_status, to_status,
  from_original, to_original, from_category, to_category, actor_account_id, actor_name, transitioned_at)
select tenant_id, id, instance_id, source_id || '-h' || j, from_s, to_s,
  bench.original(source, from_s, j - 1), bench.original(source, to_s, j),
  bench.category(source, from_s), bench.category(source, to_s),
  actor_account_id, actor_name, at
from (
  select g.tenant_id, g.id, g.instance_id, g.source_id, g.source, j,
    bench.step_status(g.status, g.k, j - 1, g.reopen) as from_s,
    bench.step_status(g.status, g.k, j, g.reopen) as to_s,
    coalesce(g.assignee_account_id, g.reporter_account_id) as actor_account_id,
    coalesce(g.assignee_name, g.reporter_name) as actor_name,
    case when j = g.k then g.status_changed_at
      else g.created_at + g.l_secs * ((j - 1) + 0.05 + 0.9 * random()) / g.k * interval '1 second' end as at
  from bench.item_gen g cross join lateral generate_series(1, g.k) j
  offset 0
) t
`;

export const INSERT_COMMENTS = `
insert into work_item_comments (tenant_id, work_item_id, instance_id, source_id, author_account_id, author_name,
  body, created_at, updated_at)
select c.tenant_id, c.id, c.instance_id, c.source_id || '-c' || c.j, pe.account_id, pe.display_name,
  ${pick(WORDS.commentPhrases, `floor(c.r_body * ${n(WORDS.commentPhrases)})::int`)}, c.at, c.at
from (
  select g.tenant_id, g.id, g.instance_id, g.source_id, g.n_people, j, random() as r_body,
    floor(random() * g.n_people)::int as author_idx,
    g.created_at + random() * (g.updated_at - g.created_at) as at
  from bench.item_gen g cross join lateral generate_series(1, g.n_comments) j
) c
join bench.people pe on pe.instance_id = c.instance_id and pe.idx = c.author_idx
`;

/** Links to an earlier item of the same project (Asana has no keys to link by). */
export const INSERT_LINKS = `
insert into work_item_links (tenant_id, work_item_id, instance_id, link_type, direction, target_key, source_id)
select tenant_id, id, instance_id,
  case when r < 0.45 then 'blocks' when r < 0.85 then 'relates to' else 'duplicates' end,
  case when r < 0.25 or r >= 0.45 then 'outward' else 'inward' end,
  project_key || case source when 'github' then '#' else '-' end || tseq,
  source_id || '-l'
from (
  select g.*, g.seq - 1 - floor(random() * least(g.seq - 1, 100))::int as tseq, random() as r
  from bench.item_gen g
  where g.has_link and g.seq > 1 and g.source <> 'asana'
) x
`;

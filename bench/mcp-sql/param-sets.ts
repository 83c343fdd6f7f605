import type pg from 'pg';

/** What a tenant's realistic parameters are made of, read from its data as the owner. */
export interface TenantFacts {
  /** Projects, most items first. */
  projects: Array<{ key: string; source: string; items: number; team: string | null }>;
  /** Assignees, most open items first: the heaviest, and one from the middle. */
  heavy: { accountId: string; name: string };
  middle: { accountId: string; name: string };
  /** Item keys spread over the tenant (every source). */
  keys: string[];
}

export async function readTenantFacts(owner: pg.Client, tenantId: string): Promise<TenantFacts> {
  const projects = await owner.query<{ key: string; source: string; items: number; team: string | null }>(
    `select wi.project_key as key, min(wi.source) as source, count(*)::int as items,
      mode() within group (order by wi.team) as team
    from work_items wi where wi.tenant_id = $1 and not wi.is_deleted
    group by wi.project_key order by count(*) desc, wi.project_key`,
    [tenantId],
  );
  const assignees = await owner.query<{ account_id: string; name: string }>(
    `select assignee_account_id as account_id, min(assignee_name) as name
    from work_items
    where tenant_id = $1 and not is_deleted and status in ('open', 'in_progress') and assignee_account_id is not null
    group by assignee_account_id order by count(*) desc, assignee_account_id`,
    [tenantId],
  );
  const keys = await owner.query<{ source_key: string }>(
    `select source_key from work_items where tenant_id = $1 and not is_deleted
    order by md5(id::text) limit 24`,
    [tenantId],
  );
  const pick = (i: number): { accountId: string; name: string } => {
    const row = assignees.rows[i] ?? assignees.rows[0];
    if (row === undefined) throw new Error(`tenant ${tenantId} has no assignees`);
    return { accountId: row.account_id, name: row.name };
  };
  return {
    projects: projects.rows,
    heavy: pick(0),
    middle: pick(Math.floor(assignees.rows.length / 2)),
    keys: keys.rows.map((r) => r.source_key),
  };
}

/**
 * Parameter sets a model would plausibly send, per template, for one tenant: the biggest project and
 * smaller ones, the heaviest assignee by account id and by name, real keys, text queries of different
 * selectivity (one with a typo) over one project, two, and every project. Calls rotate through them.
 */
export function parameterSets(facts: TenantFacts): Record<string, Array<Record<string, unknown>>> {
  const [p0, p1] = [facts.projects[0], facts.projects[1] ?? facts.projects[0]];
  if (p0 === undefined || p1 === undefined) throw new Error('a tenant without projects');
  const mid = facts.projects[Math.floor(facts.projects.length / 2)] ?? p0;
  const all = facts.projects.slice(0, 50).map((p) => p.key);
  const team = p0.team ?? 'platform';
  const keys = facts.keys.slice(0, 8);
  return {
    search_issues_by_project: [
      { project: p0.key },
      { project: p0.key, status: 'in_progress' },
      { project: p0.key, status: ['open', 'in_progress'], priority: ['critical', 'high'] },
      { project: p0.key, assignee: facts.heavy.accountId },
      { project: p1.key, assignee: facts.heavy.name.toLowerCase() },
      { project: p1.key, type: 'bug', limit: 20 },
      { project: mid.key },
    ],
    get_project_metrics: [
      { project: p0.key },
      { project: p0.key, days: 90 },
      { project: p1.key, team, days: 30 },
      { project: mid.key, days: 365 },
    ],
    search_issues_by_text: [
      { query: 'timeout', projects: [p0.key] },
      { query: 'flaky login', projects: [p0.key, p1.key] },
      { query: 'memry leak', projects: all },
      { query: 'checkout service crash', projects: [mid.key], status: ['open', 'in_progress'] },
      { query: 'dark mode', projects: all, limit: 10 },
    ],
    get_issue_history: keys.map((key) => ({ key })),
    get_user_workload: [
      { assignee: facts.heavy.accountId },
      { assignee: facts.heavy.name },
      { assignee: facts.middle.accountId },
      { assignee: facts.heavy.accountId, statuses: ['in_progress'], stuck_after_days: 7 },
    ],
    lead_time_metrics: [
      {},
      { project: p0.key },
      { project: p0.key, days: 90 },
      { team, days: 30 },
      { days: 365 },
    ],
    get_stuck_issues: [
      {},
      { days: 14 },
      { days: 30, project: p0.key },
      { status: 'in_progress' },
      { source: p0.source, days: 7, limit: 20 },
    ],
    get_work_item: keys.map((key) => ({ key })),
    cross_source_summary: [{}, { source: p0.source }],
    list_projects: [{}, { source: p0.source }],
  };
}

import { sql } from 'kysely';
import { createTenant } from '../../src/repositories/tenants.ts';
import type { SourceType } from '../../src/sources/source-type.ts';
import { connectAndBackfill, startSyncHarness, type SyncHarness } from '../helpers/sync-harness.ts';
import {
  insertInstance,
  insertItems,
  insertPerson,
  insertProject,
  insertTransitions,
  ownerRows,
  templateRunner,
  type ItemSpec,
} from './template-fixtures.ts';

/** A work item as the owner reads it (no RLS), for the tests' own computations. */
export interface ItemRow {
  id: string;
  instance_id: string;
  source: SourceType;
  source_key: string;
  project_key: string;
  title: string;
  type: string;
  status: string;
  original_status: string;
  priority: string;
  assignee_account_id: string | null;
  assignee_name: string | null;
  team: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  status_changed_at: Date | null;
  is_deleted: boolean;
}

export interface SyncedData {
  h: SyncHarness;
  /** The synced tenant (all four sandbox sources, plus the EDGE project). */
  acme: string;
  /** Another tenant whose keys, names and titles collide with acme's: none of it may show up. */
  globex: string;
  edgeInstance: string;
  run: ReturnType<typeof templateRunner>;
  runGlobex: ReturnType<typeof templateRunner>;
  items(tenantId?: string): Promise<ItemRow[]>;
  close(): Promise<void>;
}

const DAY = 86_400_000;
const daysAgo = (n: number): string => new Date(Date.now() - n * DAY).toISOString();

export const EDGE_PERSON = { id: 'edge-person-1', name: 'Edge Person' };
/** Four EDGE items share this updated_at: the keyset cursor must order them by id and skip none. */
export const EDGE_TIE = '2026-06-10T09:00:00.000Z';

/** Edge cases the sandbox does not produce with certainty, in project EDGE of a Jira instance of their own. */
function edgeItems(): ItemSpec[] {
  const base = { project: 'EDGE', createdAt: '2026-05-01T08:00:00.000Z' };
  return [
    {
      ...base,
      key: 'EDGE-1',
      title: 'Refund fails for EUR payments',
      updatedAt: EDGE_TIE,
      status: 'in_progress',
      priority: 'critical',
      type: 'bug',
      assignee: EDGE_PERSON,
      statusChangedAt: daysAgo(20),
    },
    {
      ...base,
      key: 'EDGE-2',
      title: 'Refunds are slow',
      updatedAt: EDGE_TIE,
      status: 'in_progress',
      priority: 'high',
      assignee: EDGE_PERSON,
      statusChangedAt: daysAgo(5),
    },
    {
      ...base,
      key: 'EDGE-3',
      title: 'Login page crash',
      updatedAt: EDGE_TIE,
      status: 'open',
      priority: 'high',
      assignee: EDGE_PERSON,
      statusChangedAt: daysAgo(40),
    },
    {
      ...base,
      key: 'EDGE-4',
      title: 'refund: double charge on retry',
      updatedAt: EDGE_TIE,
      status: 'done',
      assignee: EDGE_PERSON,
    },
    {
      ...base,
      key: 'EDGE-5',
      title: 'Export CSV of invoices',
      updatedAt: '2026-06-11T09:00:00.000Z',
      status: 'open',
      assignee: { id: 'edge-person-2', name: 'EDGE PERSON' },
    },
    {
      ...base,
      key: 'EDGE-6',
      title: 'Refund webhook retries',
      updatedAt: '2026-06-09T09:00:00.000Z',
      status: 'closed',
      statusChangedAt: null,
    },
    {
      ...base,
      key: 'EDGE-7',
      title: 'Deleted refund item',
      updatedAt: '2026-06-12T09:00:00.000Z',
      isDeleted: true,
      assignee: EDGE_PERSON,
    },
  ];
}

/** Starts the sync harness, backfills all four fakes for acme, then adds the EDGE rows and tenant globex. */
export async function startSyncedData(): Promise<SyncedData> {
  const h = await startSyncHarness({
    jira: { port: 0, size: 60 },
    github: { port: 0, size: 40 },
    asana: { port: 0, size: 40 },
    linear: { port: 0, size: 40 },
  });
  const db = h.t.ctx.db;
  try {
    for (const source of ['jira', 'github', 'asana', 'linear'] as const)
      await connectAndBackfill(h, source, `${source} sandbox`);
    const acme = h.admin.tenantId;

    const edgeInstance = await insertInstance(db, acme, 'jira', 'edge');
    await insertProject(db, acme, edgeInstance, 'EDGE');
    const edge = await insertItems(db, acme, edgeInstance, 'jira', edgeItems());
    await insertPerson(db, acme, edgeInstance, EDGE_PERSON.id, EDGE_PERSON.name);
    await insertPerson(db, acme, edgeInstance, 'edge-person-2', 'EDGE PERSON');
    // Two transitions at one instant (ordered by their id) and one without an actor.
    await insertTransitions(db, acme, edgeInstance, edge.get('EDGE-1') ?? '', [
      { from: null, to: 'open', at: '2026-05-01T08:00:00.000Z', actor: null },
      { from: 'open', to: 'in_progress', at: '2026-05-02T08:00:00.000Z', actor: EDGE_PERSON },
      { from: 'in_progress', to: 'open', at: '2026-05-03T08:00:00.000Z', actor: EDGE_PERSON },
      { from: 'open', to: 'in_progress', at: '2026-05-03T08:00:00.000Z', actor: EDGE_PERSON },
    ]);

    // EDGE metrics with a gap of three days and days without closes (null lead times), all teams and 'Core'.
    await sql`insert into work_item_metrics_daily (tenant_id, project_key, team, date, created, closed, wip,
        wip_no_assignee, stuck, reopened, lead_time_p50_hours, lead_time_p90_hours, lead_time_avg_hours)
      select ${acme}::uuid, 'EDGE', team, d::date, n % 4, n % 3, 5 + n % 7, n % 2, n % 5, (n % 11 = 0)::int,
        case when n % 3 = 0 then null else 10.5 + n end, case when n % 3 = 0 then null else 40.25 + n end,
        case when n % 3 = 0 then null else 15.125 + n * 1.5 end
      from unnest(array['', 'Core']) team,
        generate_series('2026-03-01'::date, '2026-06-15'::date, interval '1 day') d,
        lateral (select (d::date - '2026-03-01'::date) + length(team) as n) x
      where d::date not between '2026-05-20' and '2026-05-22'`.execute(db.owner);

    const globex = (await createTenant(db.owner, { slug: 'globex', name: 'globex' })).id;
    const globexInstance = await insertInstance(db, globex, 'jira', 'jira sandbox');
    for (const key of ['PAY', 'EDGE', 'GLX']) await insertProject(db, globex, globexInstance, key);
    const globexItems = await insertItems(db, globex, globexInstance, 'jira', [
      ...['PAY-1', 'PAY-2', 'EDGE-1'].map((key) => ({
        key,
        project: key.split('-')[0] ?? '',
        title: 'Refund fails for EUR payments (globex)',
        status: 'in_progress' as const,
        priority: 'critical' as const,
        assignee: EDGE_PERSON,
        createdAt: '2026-05-01T08:00:00.000Z',
        updatedAt: '2026-06-13T08:00:00.000Z',
        statusChangedAt: daysAgo(30),
      })),
      {
        key: 'GLX-1',
        project: 'GLX',
        createdAt: '2026-05-01T08:00:00.000Z',
        updatedAt: '2026-05-02T08:00:00.000Z',
      },
    ]);
    await insertPerson(db, globex, globexInstance, EDGE_PERSON.id, EDGE_PERSON.name);
    await insertTransitions(db, globex, globexInstance, globexItems.get('PAY-1') ?? '', [
      { from: 'open', to: 'in_progress', at: '2026-06-01T08:00:00.000Z', actor: EDGE_PERSON },
    ]);
    // Metrics far beyond acme's, on acme's project keys: any leak shows in every metric.
    await sql`insert into work_item_metrics_daily (tenant_id, project_key, team, date, created, closed, wip,
        wip_no_assignee, stuck, reopened, lead_time_p50_hours, lead_time_p90_hours, lead_time_avg_hours)
      select ${globex}::uuid, k, '', d::date, 9000, 9000, 9000, 9000, 9000, 9000, 9000, 9000, 9000
      from unnest(array['PAY', 'OPS', 'EDGE', 'GLX']) k,
        generate_series('2026-03-01'::date, '2026-07-01'::date, interval '1 day') d`.execute(db.owner);

    return {
      h,
      acme,
      globex,
      edgeInstance,
      run: templateRunner(h.t.ctx, acme),
      runGlobex: templateRunner(h.t.ctx, globex),
      items: (tenantId = acme) =>
        ownerRows<ItemRow>(
          db,
          `select id::text as id, instance_id::text as instance_id, source, source_key, project_key, title, type,
             status, original_status, priority, assignee_account_id, assignee_name, team, created_at, updated_at,
             closed_at, status_changed_at, is_deleted
           from work_items where tenant_id = $1`,
          [tenantId],
        ),
      close: () => h.close(),
    };
  } catch (error) {
    await h.close();
    throw error;
  }
}

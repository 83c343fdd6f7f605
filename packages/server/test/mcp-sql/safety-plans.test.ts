import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/with-tenant.ts';
import { createTenant } from '../../src/repositories/tenants.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';
import {
  ALPHA_KEYS,
  analyzeAll,
  sampleArgs,
  seedTenantData,
  templates,
  type SeededTenant,
} from './safety-fixtures.ts';

/** Tables large enough in production that a sequential scan of them is a bug (rule 7: indexes lead with tenant_id). */
const BIG_TABLES = new Set([
  'work_items',
  'work_item_transitions',
  'work_item_comments',
  'work_item_links',
  'work_item_metrics_daily',
]);
const FILLER_TENANTS = 11;
const ITEMS_PER_TENANT = 400;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

const describeNode = (n: PlanNode): string =>
  [n['Node Type'], n['Relation Name'], n['Index Name']].filter((x) => x !== undefined).join(' ');

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/**
 * Every template's plan, made as the runner runs it: the runtime role in a READ ONLY transaction with the
 * tenant set, switched to ds_analytics. Under RLS an index only serves leakproof operators (rule 8), so the
 * owner's plan would prove nothing. Many tenants share the tables, as in production, and ANALYZE has run.
 */
describe.each(databaseKinds())('template plans on %s (design rules 7, 8)', (kind) => {
  let db: TestDatabase;
  let alpha: SeededTenant;
  let tenantFirstIndexes: Set<string>;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    for (let n = 0; n < FILLER_TENANTS; n++) {
      const tenant = await createTenant(db.handle.owner, { slug: `filler-${n}`, name: `filler ${n}` });
      await seedTenantData(db.handle, tenant.id, {
        items: ITEMS_PER_TENANT,
        keys: { ...ALPHA_KEYS, asana: String(3_300_000_000_000_001 + n) },
        marker: `filler-${n}`,
      });
    }
    const tenant = await createTenant(db.handle.owner, { slug: 'alpha', name: 'alpha' });
    alpha = await seedTenantData(db.handle, tenant.id, {
      items: ITEMS_PER_TENANT,
      keys: ALPHA_KEYS,
      marker: 'alpha-marker',
      secondJira: true,
    });
    await analyzeAll(db.handle);
    const rows = await db.handle.withOwnerSession((s) =>
      s.query<{ name: string }>(
        `select c.relname as name from pg_index i
         join pg_class c on c.oid = i.indexrelid
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
         where a.attname = 'tenant_id'`,
      ),
    );
    tenantFirstIndexes = new Set(rows.map((r) => r.name));
  });
  afterAll(() => db.drop());

  const cases = () =>
    templates().flatMap((template) =>
      (sampleArgs(alpha)[template.name] ?? []).map((args) => ({ template, args })),
    );

  async function planOf(
    statement: string,
    parameters: readonly unknown[],
    options: { noSeqScan?: boolean } = {},
  ): Promise<PlanNode> {
    return withTenant(
      db.handle.runtime,
      alpha.tenantId,
      async (trx) => {
        if (options.noSeqScan === true)
          await sql`select set_config('enable_seqscan', 'off', true)`.execute(trx);
        const result = await trx.executeQuery<{ 'QUERY PLAN': unknown }>(
          CompiledQuery.raw(`explain (format json) ${statement}`, [...parameters]),
        );
        const raw = result.rows[0]?.['QUERY PLAN'];
        const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
        return doc[0]!.Plan;
      },
      { readOnly: true, role: 'ds_analytics' },
    );
  }

  it('has sample arguments for every template', () => {
    const samples = sampleArgs(alpha);
    expect(
      templates()
        .filter((t) => (samples[t.name] ?? []).length === 0)
        .map((t) => t.name),
    ).toEqual([]);
  });

  /** What is wrong with the plans of every template's samples, one line per problem. */
  async function planProblems(): Promise<string[]> {
    const problems: string[] = [];
    for (const { template, args } of cases()) {
      const params = template.params.parse(args);
      const compiled = template.compile(alpha.tenantId, params, template.maxRows + 1);
      const nodes = nodesOf(await planOf(compiled.sql, compiled.parameters));
      const label = `${template.name} ${JSON.stringify(args)}: ${nodes.map(describeNode).join(' > ')}`;
      for (const node of nodes) {
        if (node['Node Type'] === 'Seq Scan' && BIG_TABLES.has(node['Relation Name'] ?? '')) {
          problems.push(`Seq Scan on ${node['Relation Name']} in ${label}`);
        }
        const index = node['Index Name'];
        if (index !== undefined && !tenantFirstIndexes.has(index)) {
          problems.push(`index ${index} does not lead with tenant_id in ${label}`);
        }
      }
      // Templates that read only small tables (work_item_counts: a few rows per project) may scan them here,
      // where every table is small; see the test on work_item_counts below.
      const readsBig = nodes.some((n) => BIG_TABLES.has(n['Relation Name'] ?? ''));
      if (readsBig && !nodes.some((n) => n['Index Name'] !== undefined))
        problems.push(`no index in ${label}`);
    }
    return problems;
  }

  it('reads every big table through an index that leads with tenant_id, right after ANALYZE', async () => {
    expect(await planProblems()).toEqual([]);
  });

  it('can read work_item_counts by its primary key under RLS, tenant_id in the index condition (rule 8)', async () => {
    // With a few hundred rows the planner rightly scans the table; once it is large (many tenants) it must
    // have a leakproof index path, which is what forbidding sequential scans shows.
    for (const { template, args } of cases()) {
      const params = template.params.parse(args);
      const compiled = template.compile(alpha.tenantId, params, template.maxRows + 1);
      if (!/\bwork_item_counts\b/.test(compiled.sql)) continue;
      const nodes = nodesOf(await planOf(compiled.sql, compiled.parameters, { noSeqScan: true }));
      const label = `${template.name} ${JSON.stringify(args)}: ${nodes.map(describeNode).join(' > ')}`;
      expect(
        nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'work_item_counts'),
        label,
      ).toEqual([]);
      const byKey = nodes.filter((n) => n['Index Name'] === 'work_item_counts_pkey');
      expect(byKey.length, label).toBeGreaterThan(0);
      for (const n of byKey) expect(n['Index Cond'] ?? '', label).toMatch(/tenant_id = /);
    }
  });

  it('does so once VACUUM has set the visibility map, and text search narrows by project (rule 8)', async () => {
    await analyzeAll(db.handle, { vacuum: true });
    expect(await planProblems()).toEqual([]);
    // pg_trgm's operators are not leakproof, so under RLS the search must narrow by an equality on
    // project_key in an index condition; a scan of the whole tenant filtered by similarity would not scale.
    const text = templates().find((t) => t.name === 'search_issues_by_text');
    for (const args of text === undefined ? [] : (sampleArgs(alpha)[text.name] ?? [])) {
      const compiled = text!.compile(alpha.tenantId, text!.params.parse(args), text!.maxRows + 1);
      const nodes = nodesOf(await planOf(compiled.sql, compiled.parameters));
      const narrowed = nodes.some(
        (n) => n['Relation Name'] === 'work_items' && /project_key/.test(n['Index Cond'] ?? ''),
      );
      expect(narrowed, `${JSON.stringify(args)}: ${nodes.map(describeNode).join(' > ')}`).toBe(true);
    }
  });
});

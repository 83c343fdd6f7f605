import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BRAVO_KEYS,
  invoke,
  itemKey,
  startSafetyWorld,
  type SafetyTenant,
  type SafetyWorld,
} from './safety-fixtures.ts';

type Row = Record<string, unknown>;

/**
 * What templates 7-10 answer, checked against plain counts the owner makes over the seeded data: the
 * tenant's own rows and nothing else, deleted items left out, caps that say `truncated`, and another
 * tenant's key answered like a key that does not exist.
 */
describe('answers of get_stuck_issues, get_work_item, cross_source_summary, list_projects', () => {
  let w: SafetyWorld;

  beforeAll(async () => {
    w = await startSafetyWorld();
  });
  afterAll(() => w.close());

  const ownerCount = async (where: string, parameters: unknown[]): Promise<number> => {
    const rows = await w.t.ctx.db.withOwnerSession((s) =>
      s.query<{ n: number }>(`select count(*)::int as n from work_items where ${where}`, parameters),
    );
    return rows[0]?.n ?? -1;
  };
  const call = async (tenant: SafetyTenant, name: string, args: Row): Promise<Row> => {
    const answer = await invoke(w, tenant, `sql_${name}`, args);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  it('get_work_item: every instance’s match, with its 10 latest comments newest first and its links', async () => {
    const key = itemKey(w.alpha.spec.keys, 'jira', 1);
    const body = await call(w.alpha, 'get_work_item', { key });
    const items = body.items as Row[];
    expect(items.map((i) => i.instance_id).sort()).toEqual(
      [w.alpha.instances.jira, w.alpha.secondJiraInstance].sort(),
    );
    for (const item of items) {
      const comments = item.comments as Row[];
      expect(comments.map((c) => c.body)).toEqual(
        Array.from({ length: 10 }, (_, i) => `Comment ${15 - i} on ${key} alpha-marker`),
      );
      expect(item.links).toEqual([
        { link_type: 'blocks', direction: 'outward', target_key: expect.stringMatching(/^PAY-link-/) },
        { link_type: 'relates', direction: 'inward', target_key: expect.stringMatching(/^PAY-link-/) },
      ]);
    }
    const one = await call(w.alpha, 'get_work_item', { key, instance_id: w.alpha.instances.jira });
    expect((one.items as Row[]).map((i) => i.instance_id)).toEqual([w.alpha.instances.jira]);
    // Bravo has PAY-1 too: each tenant gets its own only.
    const theirs = await call(w.bravo, 'get_work_item', { key });
    expect((theirs.items as Row[]).map((i) => i.instance_id)).toEqual([w.bravo.instances.jira]);
    expect(JSON.stringify(theirs)).not.toContain('alpha-marker');
  });

  it('get_work_item: a deleted item, another tenant’s key and a made-up key all answer no items', async () => {
    // Item 23 is deleted (every 23rd), and the third item of each round of four is an Asana task.
    const deleted = String(BigInt(w.alpha.spec.keys.asana) * 10n + 23n);
    expect(await ownerCount('source_key = $1 and is_deleted', [deleted])).toBe(1);
    for (const key of [deleted, itemKey(BRAVO_KEYS, 'linear', 1), 'NOPE-1']) {
      expect(await call(w.alpha, 'get_work_item', { key })).toEqual({ key, items: [], truncated: false });
    }
    const missing = await call(w.alpha, 'get_work_item', {
      key: 'PAY-1',
      instance_id: w.bravo.instances.jira,
    });
    expect(missing).toEqual(
      await call(w.alpha, 'get_work_item', { key: 'PAY-1', instance_id: randomUUID() }),
    );
  });

  it('get_stuck_issues: open or in progress for at least `days`, oldest first, capped with truncated', async () => {
    const stuck = await ownerCount(
      `tenant_id = $1 and not is_deleted and status in ('open', 'in_progress')
       and status_changed_at <= now() - interval '7 days'`,
      [w.alpha.tenantId],
    );
    expect(stuck).toBeGreaterThan(50);
    const body = await call(w.alpha, 'get_stuck_issues', {});
    const items = body.items as Row[];
    expect(items).toHaveLength(50);
    expect(body.truncated).toBe(true);
    expect(items.every((i) => ['open', 'in_progress'].includes(String(i.status)))).toBe(true);
    expect(items.every((i) => Number(i.days_in_status) >= 7)).toBe(true);
    const changed = items.map((i) => String(i.status_changed_at));
    expect(changed).toEqual([...changed].sort());

    const all = await call(w.alpha, 'get_stuck_issues', { days: 8, limit: 100, source: 'github' });
    expect((all.items as Row[]).length).toBe(
      await ownerCount(
        `tenant_id = $1 and not is_deleted and status in ('open', 'in_progress') and source = 'github'
         and status_changed_at <= now() - interval '8 days'`,
        [w.alpha.tenantId],
      ),
    );
    expect(all.truncated).toBe(false);
    expect(await call(w.alpha, 'get_stuck_issues', { days: 365 })).toEqual({
      days: 365,
      items: [],
      truncated: false,
    });
  });

  it('cross_source_summary: totals, per-source and per-project counts that add up to the owner’s count', async () => {
    const body = await call(w.alpha, 'cross_source_summary', {});
    const total = await ownerCount('tenant_id = $1 and not is_deleted', [w.alpha.tenantId]);
    expect(body.totals).toMatchObject({ items: total });
    const sum = (rows: Row[]) => rows.reduce((n, r) => n + Number(r.items), 0);
    expect(sum(body.sources as Row[])).toBe(total);
    expect(sum(body.projects as Row[])).toBe(total);
    expect((body.sources as Row[]).map((r) => r.source)).toEqual(['asana', 'github', 'jira', 'linear']);
    const linear = await call(w.alpha, 'cross_source_summary', { source: 'linear' });
    const { source: _source, ...linearCounts } = (body.sources as Row[]).find((r) => r.source === 'linear')!;
    expect(linear.totals).toEqual(linearCounts);
    expect((linear.sources as Row[]).map((r) => r.source)).toEqual(['linear']);
  });

  it('list_projects: each project with its counts and last sync, filtered and capped', async () => {
    const body = await call(w.alpha, 'list_projects', {});
    const projects = body.projects as Row[];
    expect(projects).toHaveLength(5);
    for (const p of projects) {
      const where = `tenant_id = $1 and instance_id = $2 and project_key = $3 and not is_deleted`;
      const args = [w.alpha.tenantId, p.instance_id, p.key];
      expect(p.items, String(p.key)).toBe(await ownerCount(where, args));
      expect(p.open).toBe(await ownerCount(`${where} and status = 'open'`, args));
      expect(p.done).toBe(await ownerCount(`${where} and status in ('done', 'closed')`, args));
      expect(p.last_synced_at).toEqual(expect.any(String));
    }
    const jira = await call(w.alpha, 'list_projects', { source: 'jira' });
    expect((jira.projects as Row[]).map((p) => p.instance_id).sort()).toEqual(
      [w.alpha.instances.jira, w.alpha.secondJiraInstance].sort(),
    );
    const capped = await call(w.alpha, 'list_projects', { limit: 1 });
    expect(capped).toEqual({ projects: [projects[0]], truncated: true });
    expect(await call(w.alpha, 'list_projects', { instance_id: w.bravo.instances.github })).toEqual({
      projects: [],
      truncated: false,
    });
  });
});

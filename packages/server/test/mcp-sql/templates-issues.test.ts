import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isAppError } from '../../src/errors/app-error.ts';
import { getIssueHistory } from '../../src/servers/mcp-sql/templates/get-issue-history.ts';
import { getUserWorkload } from '../../src/servers/mcp-sql/templates/get-user-workload.ts';
import { searchIssuesByProject } from '../../src/servers/mcp-sql/templates/search-issues-by-project.ts';
import { searchIssuesByText } from '../../src/servers/mcp-sql/templates/search-issues-by-text.ts';
import { expectClose, mean, newestFirst, round2, summaryOf } from './expected.ts';
import { EDGE_PERSON, startSyncedData, type ItemRow, type SyncedData } from './synced-data.ts';
import { ownerRows } from './template-fixtures.ts';

const DAY = 86_400_000;

/** Every issue template against data synced from the four sandbox fakes, checked against the owner's rows. */
describe('issue templates on synced data', () => {
  let d: SyncedData;
  let items: ItemRow[];
  let live: ItemRow[];

  beforeAll(async () => {
    d = await startSyncedData();
    items = await d.items();
    live = items.filter((i) => !i.is_deleted);
  });
  afterAll(() => d.close());

  describe('search_issues_by_project', () => {
    type Args = z.input<typeof searchIssuesByProject.params>;

    /** Follows next_cursor to the end; every page but the last says truncated. */
    async function allPages(args: Args): Promise<unknown[]> {
      const seen: unknown[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 200; page++) {
        const answer = await d.run(searchIssuesByProject, { ...args, ...(cursor ? { cursor } : {}) });
        seen.push(...answer.issues);
        expect(answer.truncated).toBe(answer.next_cursor !== null);
        if (answer.next_cursor === null) return seen;
        cursor = answer.next_cursor;
      }
      throw new Error('no last page');
    }

    it('pages through every project of every source, newest update first, skipping and repeating nothing', async () => {
      const projects = [...new Set(items.map((i) => i.project_key))].sort();
      expect(projects.length).toBeGreaterThanOrEqual(13);
      for (const project of projects) {
        const expected = live
          .filter((i) => i.project_key === project)
          .sort(newestFirst)
          .map(summaryOf);
        expect(await allPages({ project, limit: 4 }), project).toEqual(expected);
      }
    });

    it('orders items updated at the same instant by id across page boundaries', async () => {
      const expected = live
        .filter((i) => i.project_key === 'EDGE')
        .sort(newestFirst)
        .map(summaryOf);
      expect(expected.filter((i) => i.updated_at === '2026-06-10T09:00:00.000Z')).toHaveLength(4);
      for (const limit of [1, 2, 3]) expect(await allPages({ project: 'EDGE', limit })).toEqual(expected);
    });

    it('applies each filter as computed from the owner rows', async () => {
      const opsLinear = items.find((i) => i.project_key === 'OPS' && i.source === 'linear')?.instance_id;
      const cases: Array<{ args: Args; keep: (i: ItemRow) => boolean }> = [
        { args: { project: 'OPS', source: 'linear' }, keep: (i) => i.source === 'linear' },
        { args: { project: 'OPS', instance_id: opsLinear }, keep: (i) => i.instance_id === opsLinear },
        {
          args: { project: 'OPS', status: ['open', 'in_progress'] },
          keep: (i) => ['open', 'in_progress'].includes(i.status),
        },
        { args: { project: 'PAY', priority: 'high' }, keep: (i) => i.priority === 'high' },
        { args: { project: 'PAY', type: ['bug', 'task'] }, keep: (i) => ['bug', 'task'].includes(i.type) },
        {
          args: { project: 'EDGE', assignee: 'edge person' },
          keep: (i) => i.assignee_name?.toLowerCase() === 'edge person',
        },
        {
          args: { project: 'EDGE', assignee: 'edge-person-2' },
          keep: (i) => i.assignee_account_id === 'edge-person-2',
        },
        {
          args: { project: 'spiral-labs/web-app', status: 'done', type: 'pr' },
          keep: (i) => i.status === 'done' && i.type === 'pr',
        },
      ];
      for (const { args, keep } of cases) {
        const expected = live
          .filter((i) => i.project_key === args.project && keep(i))
          .sort(newestFirst)
          .map(summaryOf);
        const answer = await d.run(searchIssuesByProject, { ...args, limit: 100 });
        expect(answer, JSON.stringify(args)).toEqual({
          issues: expected,
          next_cursor: null,
          truncated: false,
        });
      }
      expect(opsLinear).toBeDefined();
    });

    it('answers another tenant’s project exactly like one that does not exist', async () => {
      const empty = { issues: [], next_cursor: null, truncated: false };
      expect(await d.run(searchIssuesByProject, { project: 'GLX' })).toEqual(empty);
      expect(await d.run(searchIssuesByProject, { project: 'NOPE' })).toEqual(empty);
      // A key both tenants use answers only the caller's items.
      const pay = await d.run(searchIssuesByProject, { project: 'PAY', limit: 100 });
      expect(pay.issues.map((i) => i.key).sort()).toEqual(
        live
          .filter((i) => i.project_key === 'PAY')
          .map((i) => i.source_key)
          .sort(),
      );
      expect(JSON.stringify(pay)).not.toContain('globex');
    });
  });

  describe('search_issues_by_text', () => {
    const words = (title: string): string[] => title.toLowerCase().split(/[^\p{L}\p{N}]+/u);

    it('finds exactly the items whose title has the query as a word (score 1), newest first', async () => {
      const projects = [...new Set(live.map((i) => i.project_key))];
      const counts = new Map<string, number>();
      for (const i of live)
        for (const w of new Set(words(i.title))) if (w.length >= 5) counts.set(w, (counts.get(w) ?? 0) + 1);
      const common = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
      expect(common[0]?.[1]).toBeGreaterThan(2);
      for (const [word] of common) {
        const expected = live
          .filter((i) => words(i.title).includes(word))
          .sort(newestFirst)
          .map((i) => ({ ...summaryOf(i), score: 1 }));
        const answer = await d.run(searchIssuesByText, {
          query: word,
          projects,
          min_similarity: 1,
          limit: 100,
        });
        expect(answer, word).toEqual({ issues: expected, truncated: false });
      }
    });

    it('ranks fuzzy matches, within the given projects of the caller only', async () => {
      const answer = await d.run(searchIssuesByText, { query: 'refnd fails', projects: ['EDGE', 'PAY'] });
      const keys = answer.issues.map((i) => i.key);
      expect(keys[0]).toBe('EDGE-1');
      expect(keys).not.toContain('EDGE-3'); // Login page crash
      expect(keys).not.toContain('EDGE-7'); // deleted
      const scores = answer.issues.map((i) => i.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((s) => s >= 0.3)).toBe(true);
      const acmeInstances = new Set(items.map((i) => i.instance_id));
      expect(answer.issues.every((i) => acmeInstances.has(i.instance_id))).toBe(true);
      // The other tenant has the same title in the same project key; it answers for itself only.
      const other = await d.runGlobex(searchIssuesByText, { query: 'refund fails', projects: ['EDGE'] });
      expect(other.issues.map((i) => [i.key, i.title])).toEqual([
        ['EDGE-1', 'Refund fails for EUR payments (globex)'],
      ]);
    });

    it('caps at the limit and says truncated', async () => {
      const answer = await d.run(searchIssuesByText, { query: 'refund', projects: ['EDGE'], limit: 1 });
      expect(answer.issues.map((i) => i.key)).toHaveLength(1);
      expect(answer.truncated).toBe(true);
      const none = await d.run(searchIssuesByText, { query: 'zzqqxx', projects: ['EDGE'] });
      expect(none).toEqual({ issues: [], truncated: false });
    });
  });

  describe('get_issue_history', () => {
    interface TransitionRow {
      id: string;
      work_item_id: string;
      from_status: string | null;
      to_status: string;
      from_original: string | null;
      to_original: string;
      actor_account_id: string | null;
      actor_name: string | null;
      transitioned_at: Date;
    }
    let transitions: TransitionRow[];
    beforeAll(async () => {
      transitions = await ownerRows<TransitionRow>(
        d.h.t.ctx.db,
        `select id::text as id, work_item_id::text as work_item_id, from_status, to_status, from_original,
           to_original, actor_account_id, actor_name, transitioned_at
         from work_item_transitions where tenant_id = $1`,
        [d.acme],
      );
    });

    function expectedHistory(key: string): unknown {
      const matches = live
        .filter((i) => i.source_key === key)
        .sort((a, b) => (a.instance_id < b.instance_id ? -1 : 1));
      const byItem = new Map(matches.map((i) => [i.id, i]));
      return {
        items: matches.map((i) => ({
          key: i.source_key,
          source: i.source,
          instance_id: i.instance_id,
          project_key: i.project_key,
          title: i.title,
          status: i.status,
          created_at: i.created_at.toISOString(),
        })),
        transitions: transitions
          .filter((t) => byItem.has(t.work_item_id))
          .sort((a, b) => b.transitioned_at.getTime() - a.transitioned_at.getTime() || (a.id < b.id ? -1 : 1))
          .map((t) => ({
            key,
            instance_id: byItem.get(t.work_item_id)?.instance_id,
            from_status: t.from_status,
            to_status: t.to_status,
            from_original: t.from_original,
            to_original: t.to_original,
            actor:
              t.actor_account_id === null && t.actor_name === null
                ? null
                : { account_id: t.actor_account_id, name: t.actor_name },
            at: t.transitioned_at.toISOString(),
          })),
        truncated: false,
      };
    }

    it('answers the history of an item of each source, newest first, as computed from the owner rows', async () => {
      for (const source of ['jira', 'github', 'asana', 'linear'] as const) {
        const counts = new Map<string, number>();
        for (const t of transitions) counts.set(t.work_item_id, (counts.get(t.work_item_id) ?? 0) + 1);
        const item = live
          .filter((i) => i.source === source && i.project_key !== 'EDGE')
          .sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0))[0];
        expect(counts.get(item?.id ?? '') ?? 0, source).toBeGreaterThanOrEqual(2);
        const key = item?.source_key ?? '';
        expect(await d.run(getIssueHistory, { key }), key).toEqual(expectedHistory(key));
      }
    });

    it('orders same-instant transitions stably, keeps an item without history, and caps at the limit', async () => {
      expect(await d.run(getIssueHistory, { key: 'EDGE-1' })).toEqual(expectedHistory('EDGE-1'));
      expect(await d.run(getIssueHistory, { key: 'EDGE-2' })).toEqual(expectedHistory('EDGE-2'));
      expect(await d.run(getIssueHistory, { key: 'EDGE-2' })).toMatchObject({ transitions: [] });
      const full = expectedHistory('EDGE-1') as { transitions: unknown[] };
      expect(await d.run(getIssueHistory, { key: 'EDGE-1', limit: 2 })).toMatchObject({
        transitions: full.transitions.slice(0, 2),
        truncated: true,
      });
      expect(await d.run(getIssueHistory, { key: 'EDGE-1', instance_id: d.edgeInstance })).toEqual(
        expectedHistory('EDGE-1'),
      );
    });

    it('answers every item of a key shared by two sources, or the one of the given source', async () => {
      const shared = live.filter((i) => i.source_key === 'OPS-2');
      expect(shared.map((i) => i.source).sort()).toEqual(['jira', 'linear']);
      expect(await d.run(getIssueHistory, { key: 'OPS-2' })).toEqual(expectedHistory('OPS-2'));
      const linear = await d.run(getIssueHistory, { key: 'OPS-2', source: 'linear' });
      expect(linear.items.map((i) => i.source)).toEqual(['linear']);
      const linearId = linear.items[0]?.instance_id;
      expect(linear.transitions.every((t) => t.instance_id === linearId)).toBe(true);
    });

    it('answers another tenant’s key exactly like a key that does not exist', async () => {
      const failure = async (key: string): Promise<unknown> => {
        try {
          await d.run(getIssueHistory, { key });
        } catch (error) {
          if (!isAppError(error)) throw error;
          return { code: error.code, message: error.message.replace(key, '<key>'), details: error.details };
        }
        throw new Error(`${key} answered`);
      };
      const missing = await failure('GLX-2');
      expect(missing).toEqual({ code: 'not_found', message: "no work item '<key>'", details: undefined });
      expect(await failure('GLX-1')).toEqual(missing);
      // PAY-1 is both tenants' key: each sees its own.
      expect(await d.run(getIssueHistory, { key: 'PAY-1' })).toEqual(expectedHistory('PAY-1'));
      const globexPay = await d.runGlobex(getIssueHistory, { key: 'PAY-1' });
      expect(globexPay.transitions).toHaveLength(1);
      expect(globexPay.items[0]?.title).toContain('globex');
    });
  });

  describe('get_user_workload', () => {
    interface PersonRow {
      instance_id: string;
      account_id: string;
      display_name: string;
    }

    async function expectedWorkload(
      assignee: string,
      statuses: string[],
      stuckAfterDays: number,
      now: number,
    ) {
      const people = await ownerRows<PersonRow>(
        d.h.t.ctx.db,
        'select instance_id::text as instance_id, account_id, display_name from people where tenant_id = $1',
        [d.acme],
      );
      const matched = people.filter(
        (p) => p.account_id === assignee || p.display_name.toLowerCase() === assignee.toLowerCase(),
      );
      const ids = new Set([assignee, ...matched.map((p) => p.account_id)]);
      const mine = live.filter(
        (i) =>
          i.assignee_account_id !== null && ids.has(i.assignee_account_id) && statuses.includes(i.status),
      );
      const groups = new Map<string, ItemRow[]>();
      for (const i of mine) {
        const k = `${i.project_key}\u0000${i.source}\u0000${i.instance_id}`;
        groups.set(k, [...(groups.get(k) ?? []), i]);
      }
      const daysIn = (i: ItemRow): number => (now - (i.status_changed_at ?? i.created_at).getTime()) / DAY;
      const counts = (rows: ItemRow[]) => ({
        open: rows.length,
        critical: rows.filter((i) => i.priority === 'critical').length,
        high: rows.filter((i) => i.priority === 'high').length,
        stuck: rows.filter((i) => i.status === 'in_progress' && daysIn(i) > stuckAfterDays).length,
        avg_days_in_status: rows.length === 0 ? null : round2(mean(rows.map(daysIn)) ?? 0),
      });
      return {
        assignee,
        accounts: matched
          .map((p) => ({ instance_id: p.instance_id, account_id: p.account_id, name: p.display_name }))
          .sort(byJson),
        projects: [...groups.values()]
          .map((rows) => ({
            project_key: rows[0]?.project_key,
            source: rows[0]?.source,
            instance_id: rows[0]?.instance_id,
            ...counts(rows),
          }))
          .sort(byJson),
        total: counts(mine),
        truncated: false,
      };
    }

    const byJson = (a: unknown, b: unknown): number => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

    it('counts a person’s work per project across sources, as computed from the owner rows', async () => {
      const frequent = live
        .filter((i) => i.assignee_name !== null && i.assignee_name !== i.assignee_account_id)
        .map((i) => i.assignee_name ?? '');
      const name =
        frequent.sort(
          (a, b) => frequent.filter((n) => n === b).length - frequent.filter((n) => n === a).length,
        )[0] ?? '';
      const cases = [
        { assignee: name.toUpperCase(), statuses: ['open', 'in_progress'], stuck: 14 },
        { assignee: name, statuses: ['open', 'in_progress', 'done', 'closed'], stuck: 14 },
        { assignee: 'samuel-mori', statuses: ['open', 'in_progress', 'done'], stuck: 30 },
        { assignee: 'Edge Person', statuses: ['open', 'in_progress'], stuck: 14 },
        { assignee: 'edge-person-1', statuses: ['in_progress'], stuck: 10 },
        { assignee: 'nobody-at-all', statuses: ['open'], stuck: 14 },
      ];
      for (const c of cases) {
        const now = Date.now();
        const answer = await d.run(getUserWorkload, {
          assignee: c.assignee,
          statuses: c.statuses as Array<'open' | 'in_progress' | 'done' | 'closed'>,
          stuck_after_days: c.stuck,
        });
        const opens = answer.projects.map((p) => p.open);
        expect(opens).toEqual([...opens].sort((a, b) => b - a));
        expectClose(
          {
            ...answer,
            accounts: [...answer.accounts].sort(byJson),
            projects: [...answer.projects].sort(byJson),
          },
          await expectedWorkload(c.assignee, c.statuses, c.stuck, now),
        );
      }
    });

    it('finds the EDGE person’s stuck critical item and nothing of the other tenant', async () => {
      const answer = await d.run(getUserWorkload, { assignee: EDGE_PERSON.name });
      expect(answer.accounts.map((a) => a.account_id).sort()).toEqual(['edge-person-1', 'edge-person-2']);
      expect(answer.projects).toEqual([
        expect.objectContaining({ project_key: 'EDGE', open: 4, critical: 1, high: 2, stuck: 1 }),
      ]);
      const globex = await d.runGlobex(getUserWorkload, { assignee: EDGE_PERSON.id });
      expect(globex.projects.map((p) => [p.project_key, p.open]).sort()).toEqual([
        ['EDGE', 1],
        ['PAY', 2],
      ]);
    });
  });
});

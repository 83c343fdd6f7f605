import {
  MICROS_PER_DAY,
  addDays,
  dayOf,
  dayStart,
  ordered,
  type ItemHistory,
  type Status,
  type TransitionHistory,
} from './history.ts';

/** A row of work_item_metrics_daily as the tests read it (date as YYYY-MM-DD). */
export interface MetricRow {
  project_key: string;
  team: string;
  date: string;
  created: number;
  closed: number;
  wip: number;
  wip_no_assignee: number;
  stuck: number;
  reopened: number;
  lead_time_p50_hours: number | null;
  lead_time_p90_hours: number | null;
  lead_time_avg_hours: number | null;
}

export interface OracleScope {
  projectKeys: string[];
  from: string;
  to: string;
  stuckAfterDays?: number;
}

const doneLike = (s: Status | null): boolean => s === 'done' || s === 'closed';

/** The status of an item at instant t (created_at ≤ t), with the instant it entered it. Straight from the definition. */
export function statusAt(item: ItemHistory, t: number): { status: Status; enteredAt: number } {
  const history = ordered(item.transitions);
  const latest = history.filter((tr) => tr.at <= t).at(-1);
  if (latest !== undefined) return { status: latest.to, enteredAt: latest.at };
  const first = history[0];
  if (first !== undefined) return { status: first.from ?? 'open', enteredAt: item.createdAt };
  return { status: item.status, enteredAt: item.createdAt };
}

const isClosing = (t: TransitionHistory): boolean => doneLike(t.to) && !doneLike(t.from);
const isReopening = (t: TransitionHistory): boolean =>
  doneLike(t.from) && (t.to === 'open' || t.to === 'in_progress');

/** percentile_cont: linear interpolation between the closest ranks. */
export function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (position - lo);
}

/**
 * The expected rows, evaluated naively: every item of every group on every day. `items` are ONE tenant's.
 * Sorted by project_key, team, date (code-point order, as the tests sort the database's rows).
 */
export function expectedMetricRows(items: ItemHistory[], scope: OracleScope): MetricRow[] {
  const stuckAfter = (scope.stuckAfterDays ?? 14) * MICROS_PER_DAY;
  const rows: MetricRow[] = [];
  for (const projectKey of [...new Set(scope.projectKeys)]) {
    const projectItems = items.filter((i) => i.projectKey === projectKey && !i.deleted);
    if (projectItems.length === 0) continue;
    const firstDay = projectItems.map((i) => dayOf(i.createdAt)).sort()[0] as string;
    const teams = [
      ...new Set(projectItems.map((i) => i.team).filter((t): t is string => t !== null && t !== '')),
    ];
    const groups: Array<[string, ItemHistory[]]> = [
      ['', projectItems],
      ...teams.map((team): [string, ItemHistory[]] => [team, projectItems.filter((i) => i.team === team)]),
    ];
    for (const [team, groupItems] of groups) {
      for (let day = firstDay > scope.from ? firstDay : scope.from; day <= scope.to; day = addDays(day, 1)) {
        const endOfDay = dayStart(addDays(day, 1)) - 1;
        let created = 0;
        let wip = 0;
        let wipNoAssignee = 0;
        let stuck = 0;
        let reopened = 0;
        const leadHours: number[] = [];
        for (const item of groupItems) {
          if (dayOf(item.createdAt) === day) created++;
          for (const t of item.transitions) {
            if (dayOf(t.at) !== day) continue;
            if (isClosing(t)) leadHours.push((t.at - item.createdAt) / 3_600_000_000);
            if (isReopening(t)) reopened++;
          }
          if (item.createdAt > endOfDay) continue;
          const { status, enteredAt } = statusAt(item, endOfDay);
          if (status !== 'in_progress') continue;
          wip++;
          if (item.assignee === null) wipNoAssignee++;
          if (enteredAt < endOfDay - stuckAfter) stuck++;
        }
        rows.push({
          project_key: projectKey,
          team,
          date: day,
          created,
          closed: leadHours.length,
          wip,
          wip_no_assignee: wipNoAssignee,
          stuck,
          reopened,
          lead_time_p50_hours: percentileCont(leadHours, 0.5),
          lead_time_p90_hours: percentileCont(leadHours, 0.9),
          lead_time_avg_hours:
            leadHours.length === 0 ? null : leadHours.reduce((a, b) => a + b, 0) / leadHours.length,
        });
      }
    }
  }
  return sortRows(rows);
}

export function sortRows(rows: MetricRow[]): MetricRow[] {
  const key = (r: MetricRow): string => `${r.project_key}\u0000${r.team}\u0000${r.date}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

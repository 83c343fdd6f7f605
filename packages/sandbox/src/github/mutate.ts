import type { MutationCommand } from '../core/service.ts';
import type { GhDeps } from './context.ts';
import { detailsOf } from './store.ts';
import { FLAG } from './table.ts';
import { itemBody, itemTitle } from './text.ts';
import { LABEL } from './world.ts';
import { createIssue, deleteItem, itemKey, updateIssue } from './writes.ts';

/** `POST /_sandbox/github/mutate`: changes made as the organization's people would make them. */

function liveItems(deps: GhDeps, count: number): number[] {
  const { store } = deps;
  const rng = store.mutationRng;
  const picked = new Set<number>();
  const size = store.table.size;
  for (let attempts = 0; picked.size < Math.min(count, size) && attempts < count * 20; attempts++) {
    const g = rng.int(0, size - 1);
    if (!store.table.has(g, FLAG.deleted)) picked.add(g);
  }
  return [...picked];
}

function memberOf(deps: GhDeps, g: number): number {
  const repo = deps.store.world.repos[deps.store.table.repo[g] ?? 0];
  return deps.store.mutationRng.pick(repo?.members ?? [1]);
}

/** One change a person would make: move the work along, rename it, or hand it to someone else. */
function touchItem(deps: GhDeps, g: number): void {
  const { store } = deps;
  const rng = store.mutationRng;
  const t = store.table;
  const actor = memberOf(deps, g);
  const roll = rng.next();
  const mergedPull = t.has(g, FLAG.pullRequest) && (t.mergedAt[g] ?? 0) !== 0;
  if (roll < 0.4 && !mergedPull) {
    const labels = t.labels[g] ?? 0;
    if (!t.has(g, FLAG.open)) updateIssue(deps, g, actor, { state: 'open' });
    else if (labels & (1 << LABEL.inProgress)) {
      updateIssue(deps, g, actor, { state: 'closed', labels: labels & ~(1 << LABEL.inProgress) });
    } else {
      const assignees = detailsOf(store, g).assignees;
      updateIssue(deps, g, actor, {
        labels: labels | (1 << LABEL.inProgress),
        assignees: assignees.length > 0 ? assignees : [actor],
      });
    }
    return;
  }
  const current = detailsOf(store, g);
  const next = memberOf(deps, g);
  if (roll >= 0.7 && !current.assignees.includes(next)) {
    updateIssue(deps, g, actor, { assignees: [next] });
    return;
  }
  let title = itemTitle(rng, t.has(g, FLAG.pullRequest));
  // A mutation must change something: a rename to the same title would not.
  if (title === current.title) title = `${title} (follow-up)`;
  updateIssue(deps, g, actor, { title, body: itemBody(rng) });
}

export function applyMutation(deps: GhDeps, command: MutationCommand): { changed: string[] } {
  const { store } = deps;
  const rng = store.mutationRng;
  const changed: string[] = [];
  switch (command.action) {
    case 'touch':
      for (const g of liveItems(deps, command.count)) {
        touchItem(deps, g);
        changed.push(itemKey(store, g));
      }
      break;
    case 'create':
      for (let i = 0; i < command.count; i++) {
        const repo = rng.pick(store.world.repos);
        const actor = rng.pick(repo.members);
        const g = createIssue(deps, repo.index, actor, {
          title: itemTitle(rng, false),
          body: itemBody(rng),
          assignees: rng.chance(0.5) ? [rng.pick(repo.members)] : [],
          labels: rng.chance(0.7) ? 1 << rng.pick([LABEL.bug, LABEL.enhancement, LABEL.techDebt]) : 0,
        });
        changed.push(itemKey(store, g));
      }
      break;
    case 'delete':
      for (const g of liveItems(deps, command.count)) {
        deleteItem(deps, g, memberOf(deps, g));
        changed.push(itemKey(store, g));
      }
      break;
  }
  return { changed };
}

import type { Rng } from '../../core/rng.ts';
import type { MutationCommand } from '../../core/service.ts';
import { titleFor } from './detail.ts';
import { weightedTeam } from './org.ts';
import type { LinearStore } from './store.ts';
import { archiveIssue, createIssue, updateIssue } from './writes.ts';

/** The next state along the usual flow, as a person working the issue would move it. */
function nextState(store: LinearStore, idx: number, rng: Rng): number {
  const team = store.world.teams[store.table.team[idx]!]!;
  const r = team.roles;
  const flow = [r.triage, r.backlog, r.todo, r.progress, r.review, r.done].filter((s) => s >= 0);
  const at = flow.indexOf(store.table.state[idx]!);
  if (at < 0 || at === flow.length - 1) return rng.chance(0.5) ? r.todo : r.progress; // reopen a closed issue
  return flow[at + 1]!;
}

function randomLiveIssue(store: LinearStore, rng: Rng): number {
  const t = store.table;
  for (let attempt = 0; attempt < 64; attempt++) {
    const idx = rng.int(0, t.count - 1);
    if (Number.isNaN(t.archivedAt[idx]!)) return idx;
  }
  return -1;
}

/**
 * Applies `POST /_sandbox/linear/mutate` commands as the workspace's people would: touches move an issue along its
 * flow, retitle it or hand it to someone else; deletes move issues to the trash (archived). Returns identifiers.
 */
export function createMutator(
  store: LinearStore,
  rng: Rng,
): (command: MutationCommand) => { changed: string[] } {
  return (command) => {
    const changed: string[] = [];
    const t = store.table;
    for (let n = 0; n < command.count; n++) {
      if (command.action === 'create') {
        const team = weightedTeam(rng, store.world.teams);
        const members = store.world.teams[team]!.members;
        const actor = members[rng.int(0, members.length - 1)]!;
        const idx = createIssue(store, { team, title: titleFor(rng, team), priority: rng.int(0, 4) }, actor);
        changed.push(store.identifier(idx));
        continue;
      }
      if (t.count === 0) break;
      const idx = randomLiveIssue(store, rng);
      if (idx < 0) break;
      const members = store.world.teams[t.team[idx]!]!.members;
      const actor = members[rng.int(0, members.length - 1)]!;
      if (command.action === 'delete') {
        archiveIssue(store, idx, actor, true);
        changed.push(store.identifier(idx));
        continue;
      }
      const roll = rng.next();
      let assignee = members[rng.int(0, members.length - 1)]!;
      if (assignee === t.assignee[idx]) assignee = -1;
      const change =
        roll < 0.5
          ? { state: nextState(store, idx, rng) }
          : roll < 0.75
            ? { title: `${titleFor(rng, t.team[idx]!)} (revised)` }
            : { assignee };
      if (updateIssue(store, idx, change, actor) !== null) changed.push(store.identifier(idx));
    }
    return { changed };
  };
}

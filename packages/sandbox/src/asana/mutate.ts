import type { MutationCommand } from '../core/service.ts';
import type { AsDeps } from './context.ts';
import { membershipsOf, nameOf } from './store.ts';
import { TASK_FLAG } from './table.ts';
import { taskName, taskNotes } from './text.ts';
import { gid, SECTION } from './world.ts';
import { createTask, deleteTask, placeTask, updateTask } from './writes.ts';

/** `POST /_sandbox/asana/mutate`: changes made as the workspace's people would make them. */

function liveTasks(deps: AsDeps, count: number): number[] {
  const { store } = deps;
  const picked = new Set<number>();
  for (
    let attempts = 0;
    picked.size < Math.min(count, store.table.size) && attempts < count * 20;
    attempts++
  ) {
    const g = store.mutationRng.int(0, store.table.size - 1);
    if (!store.table.has(g, TASK_FLAG.deleted)) picked.add(g);
  }
  return [...picked];
}

function memberOf(deps: AsDeps, project: number): number {
  return deps.store.mutationRng.pick(deps.store.world.projects[project]?.members ?? [1]);
}

/** Moves the work along the board, renames it, or hands it to someone else. */
function touchTask(deps: AsDeps, g: number): void {
  const { store } = deps;
  const rng = store.mutationRng;
  const home = membershipsOf(store, g)[0];
  const project = home?.project ?? 0;
  const actor = memberOf(deps, project);
  const roll = rng.next();
  if (roll < 0.45 && home) {
    if (store.table.has(g, TASK_FLAG.completed)) {
      updateTask(deps, g, actor, { completed: false });
      placeTask(deps, g, actor, project, SECTION.inProgress);
    } else if (home.section >= SECTION.review) {
      placeTask(deps, g, actor, project, SECTION.done);
      updateTask(deps, g, actor, { completed: true });
    } else {
      placeTask(deps, g, actor, project, home.section + 1);
    }
    return;
  }
  const next = memberOf(deps, project);
  if (roll >= 0.75 && store.table.assignee[g] !== next) {
    updateTask(deps, g, actor, { assignee: next });
    return;
  }
  let name = taskName(rng);
  // A mutation must change something: a rename to the same name would not.
  if (name === nameOf(store, g)) name = `${name} (v2)`;
  updateTask(deps, g, actor, { name, notes: taskNotes(rng) });
}

export function applyMutation(deps: AsDeps, command: MutationCommand): { changed: string[] } {
  const { store } = deps;
  const rng = store.mutationRng;
  const changed: string[] = [];
  switch (command.action) {
    case 'touch':
      for (const g of liveTasks(deps, command.count)) {
        touchTask(deps, g);
        changed.push(gid.task(g));
      }
      break;
    case 'create':
      for (let i = 0; i < command.count; i++) {
        const project = rng.pick(store.world.projects);
        const g = createTask(deps, rng.pick(project.members), {
          name: taskName(rng),
          notes: taskNotes(rng),
          assignee: rng.chance(0.5) ? rng.pick(project.members) : -1,
          completed: false,
          dueDay: -1,
          memberships: [
            { project: project.index, section: rng.chance(0.5) ? SECTION.backlog : SECTION.todo },
          ],
        });
        changed.push(gid.task(g));
      }
      break;
    case 'delete':
      for (const g of liveTasks(deps, command.count)) {
        deleteTask(deps, g, memberOf(deps, store.table.project[g] ?? 0));
        changed.push(gid.task(g));
      }
      break;
  }
  return { changed };
}

import type { Rng } from '../core/rng.ts';
import type { MutationCommand } from '../core/service.ts';
import { PROJECTS } from './catalog/projects.ts';
import { BUG, ISSUE_TYPES, STORY, TASK } from './catalog/schemes.ts';
import { transitionsFrom } from './catalog/workflow.ts';
import { summaryOf } from './data/derive.ts';
import type { JiraStore } from './data/store.ts';
import { summaryFor } from './data/text.ts';
import { createIssue, deleteIssue } from './writes/create-delete.ts';
import { applyTransition, editIssue } from './writes/issue-writes.ts';
import type { WriteContext } from './writes/record.ts';

/** Distinct live issues drawn at random (fewer when the site has fewer). */
function pickLive(store: JiraStore, rng: Rng, count: number): number[] {
  const picked = new Set<number>();
  const n = store.table.count;
  for (let tries = 0; picked.size < count && tries < count * 20 && n > 0; tries++) {
    const i = rng.int(0, n - 1);
    if (store.table.deleted[i] === 0) picked.add(i);
  }
  return [...picked];
}

/**
 * `POST /_sandbox/mutate`: changes the site as its users would, through the same write paths as the REST API,
 * so `updated`, changelogs, indexes and webhooks all follow.
 */
export function mutateJira(
  store: JiraStore,
  rng: Rng,
  command: MutationCommand,
  nowMs: number,
): { changed: string[] } {
  const changed: string[] = [];
  const actorFor = (i: number): number => rng.pick(PROJECTS[store.table.project[i] ?? 0]?.team ?? [0]);
  switch (command.action) {
    case 'touch':
      for (const i of pickLive(store, rng, command.count)) {
        const ctx: WriteContext = { store, actor: actorFor(i), nowMs };
        const project = PROJECTS[store.table.project[i] ?? 0];
        const options =
          project === undefined ? [] : transitionsFrom(project.workflow, store.table.status[i] ?? 0);
        const roll = rng.next();
        if (roll < 0.5 && options.length > 0) applyTransition(ctx, i, rng.pick(options).to);
        else if (roll < 0.75) {
          // The store version makes every revision suffix new, so the edit always changes the summary.
          const base = summaryOf(store, i).replace(/ \(rev \d+\)$/, '');
          editIssue(ctx, i, { fields: { summary: `${base} (rev ${store.version})` } });
        } else {
          const team = (project?.team ?? [0]).filter(
            (p) => p !== store.table.assignee[i] && (store.people[p]?.active ?? false),
          );
          editIssue(ctx, i, {
            fields: {
              assignee: {
                accountId: store.people[rng.pick(team.length > 0 ? team : [0])]?.accountId ?? null,
              },
            },
          });
        }
        changed.push(store.issueKey(i));
      }
      break;
    case 'create':
      for (let k = 0; k < command.count; k++) {
        const project = rng.pick(PROJECTS);
        const type = rng.pick([STORY, TASK, BUG]);
        const ctx: WriteContext = { store, actor: rng.pick(project.team), nowMs };
        const result = createIssue(ctx, {
          fields: {
            project: { key: project.key },
            issuetype: { id: ISSUE_TYPES[type]?.id },
            summary: summaryFor(rng, project, type),
          },
        });
        if (result.ok) changed.push(store.issueKey(result.value));
      }
      break;
    case 'delete':
      for (const i of pickLive(store, rng, command.count)) {
        const key = store.issueKey(i);
        if (deleteIssue({ store, actor: actorFor(i), nowMs }, i, true).ok) changed.push(key);
      }
      break;
  }
  return { changed };
}

import { PROJECTS } from '../catalog/projects.ts';
import { transitionsFrom } from '../catalog/workflow.ts';
import type { RenderContext } from './fields.ts';

/** The transitions available to an issue now, as `GET /issue/{key}/transitions` lists them. */
export function transitionsJson(ctx: RenderContext, i: number): Record<string, unknown>[] {
  const workflow = PROJECTS[ctx.store.table.project[i] ?? 0]?.workflow;
  if (workflow === undefined) return [];
  return transitionsFrom(workflow, ctx.store.table.status[i] ?? 0).map((t) => ({
    id: t.id,
    name: t.name,
    to: ctx.refs.statuses[t.to],
    hasScreen: false,
    isGlobal: false,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
  }));
}

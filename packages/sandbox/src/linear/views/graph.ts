import type { FilterContext } from '../filter/compile.ts';
import type { WebhookRegistry } from '../webhooks/registry.ts';
import type { IssueDetail } from '../world/detail.ts';
import type { World } from '../world/model.ts';
import type { LinearStore } from '../world/store.ts';

/** The source object of an `Issue`: its index, and its detail once a field needed it. */
export interface IssueRef {
  readonly idx: number;
  detail?: IssueDetail;
}

/** Arguments of any field, as graphql-js coerced them. */
export type Args = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  orderBy?: string | null;
  includeArchived?: boolean | null;
  filter?: unknown;
} & Record<string, unknown>;

/** Resolves one field of a source object of type S. */
export type FieldFn<S> = (source: S, args: Args, g: Graph) => unknown;

/** Field resolvers of one GraphQL object type, with the source type erased for the executor. */
export type TypeResolvers = Record<string, FieldFn<never>>;

/** Declares a type's field resolvers with one source type. */
export function fields<S>(map: Record<string, FieldFn<S>>): TypeResolvers {
  return map;
}

/** Everything one GraphQL request resolves against (the execution context): the store, who asks, and when. */
export class Graph {
  constructor(
    readonly store: LinearStore,
    readonly webhooks: WebhookRegistry,
    readonly viewer: number,
    readonly nowMs: number,
  ) {}

  get world(): World {
    return this.store.world;
  }

  filterContext(): FilterContext {
    return { store: this.store, viewer: this.viewer, nowMs: this.nowMs };
  }

  issue(idx: number): IssueRef {
    return { idx };
  }

  issueOrNull(idx: number | undefined): IssueRef | null {
    return idx === undefined || idx < 0 ? null : { idx };
  }

  detail(ref: IssueRef): IssueDetail {
    return (ref.detail ??= this.store.detail(ref.idx));
  }
}

import { LinearApiError } from './errors.ts';

/** Relay connection arguments as Linear takes them. */
export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  orderBy?: string | null;
  includeArchived?: boolean | null;
  filter?: unknown;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** Linear's default page size. */
export const DEFAULT_PAGE = 50;
/** Linear's largest page. */
export const MAX_PAGE = 250;

/** A connection whose edges are built only when asked for. Cursors are node ids, as Linear's. */
export class Connection<T> {
  constructor(
    readonly nodes: T[],
    readonly pageInfo: PageInfo,
    private readonly idOf: (node: T) => string,
  ) {}

  get edges(): { cursor: string; node: T }[] {
    return this.nodes.map((node) => ({ cursor: this.idOf(node), node }));
  }
}

export function pageSize(args: PageArgs): { forward: boolean; size: number } {
  if (args.last !== undefined && args.last !== null && (args.first === undefined || args.first === null)) {
    return { forward: false, size: Math.min(MAX_PAGE, Math.max(0, args.last)) };
  }
  return { forward: true, size: Math.min(MAX_PAGE, Math.max(0, args.first ?? DEFAULT_PAGE)) };
}

export function cursorError(cursor: string): LinearApiError {
  return new LinearApiError(
    'INPUT_ERROR',
    `Invalid cursor: ${cursor}`,
    'The pagination cursor is not valid.',
  );
}

export interface ListKeys<R> {
  id: (record: R) => string;
  createdAt: (record: R) => number;
  updatedAt: (record: R) => number;
  archived?: (record: R) => boolean;
}

/**
 * Pages a small in-memory list (teams, states, comments, history...): newest first by `orderBy` (createdAt by
 * default), after filtering and dropping archived records unless asked for.
 */
export function listConnection<R>(
  records: readonly R[],
  args: PageArgs,
  keys: ListKeys<R>,
  filter: (record: R) => boolean = () => true,
): Connection<R> {
  const key = args.orderBy === 'updatedAt' ? keys.updatedAt : keys.createdAt;
  const keep = records
    .map((record, position) => ({ record, position, key: key(record) }))
    .filter(
      ({ record }) => (args.includeArchived === true || keys.archived?.(record) !== true) && filter(record),
    );
  keep.sort((a, b) => b.key - a.key || b.position - a.position);
  let from = 0;
  let to = keep.length;
  if (args.after !== undefined && args.after !== null) {
    const at = keep.findIndex(({ record }) => keys.id(record) === args.after);
    if (at < 0) throw cursorError(args.after);
    from = at + 1;
  }
  if (args.before !== undefined && args.before !== null) {
    const at = keep.findIndex(({ record }) => keys.id(record) === args.before);
    if (at < 0) throw cursorError(args.before);
    to = at;
  }
  const { forward, size } = pageSize(args);
  const start = forward ? from : Math.max(from, to - size);
  const end = forward ? Math.min(to, from + size) : to;
  const nodes = keep.slice(start, end).map(({ record }) => record);
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  return new Connection(
    nodes,
    {
      hasNextPage: end < to || (!forward && to < keep.length),
      hasPreviousPage: start > from || (forward && from > 0),
      startCursor: first === undefined ? null : keys.id(first),
      endCursor: last === undefined ? null : keys.id(last),
    },
    keys.id,
  );
}

/**
 * Asana's `opt_fields`: with it, a record carries its `gid` and exactly the fields asked for; a nested resource
 * named without sub-fields comes back as `{gid, resource_type}`, and dotted paths (`assignee.email`) reach into
 * the full nested resource, which `resolve` looks up.
 */

export type FieldTree = Map<string, FieldTree>;
export type Resolve = (resourceType: string, gid: string) => Record<string, unknown> | undefined;

/** `a,b.c,b.d` as a tree; null when the parameter was not sent. */
export function parseOptFields(raw: string | string[] | undefined): FieldTree | null {
  if (raw === undefined) return null;
  const tree: FieldTree = new Map();
  const list = (Array.isArray(raw) ? raw.join(',') : raw)
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const path of list) {
    let node = tree;
    for (const part of path.split('.')) {
      let child = node.get(part);
      if (!child) {
        child = new Map();
        node.set(part, child);
      }
      node = child;
    }
  }
  return tree;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function leaf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(leaf);
  if (!isRecord(value)) return value;
  if (typeof value.gid === 'string') {
    return value.resource_type === undefined
      ? { gid: value.gid }
      : { gid: value.gid, resource_type: value.resource_type };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, leaf(v)]));
}

/** Projects a full record onto the requested fields. */
export function project(value: unknown, tree: FieldTree, resolve: Resolve): unknown {
  if (Array.isArray(value)) return value.map((v) => project(v, tree, resolve));
  if (!isRecord(value)) return value;
  let source = value;
  const wantsMore = [...tree.keys()].some((k) => !(k in value));
  if (wantsMore && typeof value.gid === 'string' && typeof value.resource_type === 'string') {
    source = resolve(value.resource_type, value.gid) ?? value;
  }
  const out: Record<string, unknown> = {};
  if (typeof source.gid === 'string') out.gid = source.gid;
  for (const [key, sub] of tree) {
    if (!(key in source)) continue;
    const v = source[key];
    out[key] = sub.size === 0 ? leaf(v) : project(v, sub, resolve);
  }
  return out;
}

/**
 * Deterministic, reversible UUIDs. Seeded issues, comments and history entries are never stored as strings: their id
 * encodes (kind, a, b) through a keyed Feistel network, so an id can be decoded back to the item it names
 * without a 200,000-entry map, and nobody can guess one id from its neighbour.
 */

function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** lowbias32 (Wellons): a well-mixing bijection on 32-bit integers. */
function permute(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The low `digits` (3, 4 or 8) hex digits of a 32-bit value; table-driven because ids are formatted on every read. */
function hex(value: number, digits: number): string {
  const v = value >>> 0;
  const low = BYTE_HEX[(v >>> 8) & 0xff]! + BYTE_HEX[v & 0xff]!;
  if (digits === 4) return low;
  if (digits === 3) return low.slice(1);
  return BYTE_HEX[v >>> 24]! + BYTE_HEX[(v >>> 16) & 0xff]! + low;
}

/** Kinds of generated ids; each has its own key so ids of different kinds never decode as each other. */
export type IdKind = 'issue' | 'comment' | 'history' | 'entity' | 'webhook' | 'delivery' | 'other';

export interface IdCodec {
  /** The UUID of item (a, b) of a kind; a and b are non-negative 32-bit integers. */
  encode(kind: IdKind, a: number, b?: number): string;
  /** The (a, b) an id of this kind encodes, or null when the text is no id of this kind. */
  decode(kind: IdKind, id: string): { a: number; b: number } | null;
  /** A stable UUID for any text (ids of placeholder objects, deliveries). */
  fromText(text: string): string;
}

export function createIdCodec(seed: number): IdCodec {
  const seedKey = permute(seed >>> 0);
  const keys = new Map<IdKind, number>();
  const keyOf = (kind: IdKind): number => {
    let key = keys.get(kind);
    if (key === undefined) {
      key = permute(fnv1a(kind) ^ seedKey);
      keys.set(kind, key);
    }
    return key;
  };
  const format = (w0: number, w1: number, w2: number, w3: number): string =>
    `${hex(w0, 8)}-${hex(w1 >>> 16, 4)}-4${hex(w1, 3)}-${hex(((w2 >>> 16) & 0x3fff) | 0x8000, 4)}-${hex(w2, 4)}${hex(w3, 8)}`;
  const encode = (kind: IdKind, a: number, b = 0): string => {
    const key = keyOf(kind);
    // Three Feistel rounds over (a, b): every bit of the id depends on both numbers, and the rounds undo in reverse.
    const r1 = (b ^ permute(a ^ key)) >>> 0;
    const w0 = (a ^ permute(r1 ^ key ^ 0x5bd1e995)) >>> 0;
    const w3 = (r1 ^ permute(w0 ^ key ^ 0x27d4eb2f)) >>> 0;
    const w1 = permute(w0 ^ w3 ^ key);
    const w2 = permute(w1 + 0x9e3779b9);
    return format(w0, w1, w2, w3);
  };
  return {
    encode,
    decode(kind, id) {
      if (id.length !== 36 || id[8] !== '-' || id[14] !== '4') return null;
      const w0 = Number.parseInt(id.slice(0, 8), 16);
      const w3 = Number.parseInt(id.slice(28, 36), 16);
      if (!Number.isFinite(w0) || !Number.isFinite(w3)) return null;
      const key = keyOf(kind);
      const r1 = (w3 ^ permute(w0 ^ key ^ 0x27d4eb2f)) >>> 0;
      const a = (w0 ^ permute(r1 ^ key ^ 0x5bd1e995)) >>> 0;
      const b = (r1 ^ permute(a ^ key)) >>> 0;
      return encode(kind, a, b) === id.toLowerCase() ? { a, b } : null;
    },
    fromText(text) {
      const h = fnv1a(text);
      const w0 = permute(h ^ seedKey);
      const w1 = permute(w0 + 1);
      const w2 = permute(w1 + 2);
      return format(w0, w1, w2, permute(w2 + 3));
    },
  };
}

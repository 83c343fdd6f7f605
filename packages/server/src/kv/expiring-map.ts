/** How many writes pass between sweeps of expired entries, so a memory backend's size stays bounded. */
const SWEEP_EVERY_WRITES = 1000;

interface Slot<V> {
  value: V;
  expiresAt: number;
}

/**
 * A Map whose entries vanish at an absolute time read from an injected clock (ms). It is the in-memory
 * stand-in for Redis key expiry: reads ignore expired entries, and every so many writes drop them.
 */
export class ExpiringMap<V> {
  readonly #slots = new Map<string, Slot<V>>();
  readonly #now: () => number;
  #writesSinceSweep = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  get(key: string): V | undefined {
    return this.#live(key)?.value;
  }

  /** The absolute expiry (ms) of a live entry. */
  expiresAt(key: string): number | undefined {
    return this.#live(key)?.expiresAt;
  }

  set(key: string, value: V, expiresAt: number): void {
    this.#slots.set(key, { value, expiresAt });
    this.#writesSinceSweep += 1;
    if (this.#writesSinceSweep >= SWEEP_EVERY_WRITES) this.#sweep();
  }

  delete(key: string): boolean {
    return this.#live(key) !== undefined && this.#slots.delete(key);
  }

  /** Live entries, in insertion order. */
  *entries(): IterableIterator<[string, V]> {
    const now = this.#now();
    for (const [key, slot] of this.#slots) {
      if (slot.expiresAt > now) yield [key, slot.value];
    }
  }

  #live(key: string): Slot<V> | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt > this.#now()) return slot;
    this.#slots.delete(key);
    return undefined;
  }

  #sweep(): void {
    this.#writesSinceSweep = 0;
    const now = this.#now();
    for (const [key, slot] of this.#slots) {
      if (slot.expiresAt <= now) this.#slots.delete(key);
    }
  }
}

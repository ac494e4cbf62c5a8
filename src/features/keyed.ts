/**
 * Keyed operator state with a cardinality limit. Eviction is CLOCK (second chance), an LRU
 * approximation: a lookup only sets a flag, and the eviction sweep moves flagged keys to the back
 * instead of evicting them. Exact LRU would re-insert the key into the Map on every event.
 */

interface Slot<T> {
  value: T;
  touched: boolean;
}

export class KeyedState<T> {
  private readonly map = new Map<string, Slot<T>>();
  evictions = 0;

  constructor(private readonly maxKeys: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): T | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    slot.touched = true;
    return slot.value;
  }

  /** The value without marking it used (reads for views, not for processing). */
  peek(key: string): T | undefined {
    return this.map.get(key)?.value;
  }

  set(key: string, value: T): void {
    const slot = this.map.get(key);
    if (slot) {
      slot.value = value;
      slot.touched = true;
      return;
    }
    this.map.set(key, { value, touched: false });
    if (this.map.size > this.maxKeys) this.evictOne();
  }

  /** Evicts the oldest key not looked up since the sweep last passed it. */
  private evictOne(): void {
    // Bounded: each pass clears flags, so after at most size steps an untouched key comes up.
    for (const [key, slot] of this.map) {
      if (slot.touched) {
        slot.touched = false;
        this.map.delete(key);
        this.map.set(key, slot);
        continue;
      }
      this.map.delete(key);
      this.evictions++;
      return;
    }
  }

  evictWhere(predicate: (value: T) => boolean): number {
    let n = 0;
    for (const [key, slot] of this.map) {
      if (predicate(slot.value)) {
        this.map.delete(key);
        n++;
      }
    }
    this.evictions += n;
    return n;
  }

  *entries(): IterableIterator<[string, T]> {
    for (const [key, slot] of this.map) yield [key, slot.value];
  }
}

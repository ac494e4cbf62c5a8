/** Keyed operator state with a cardinality limit: least-recently-used keys are evicted and counted. */

export class KeyedState<T> {
  private readonly map = new Map<string, T>();
  evictions = 0;

  constructor(private readonly maxKeys: number) {}

  get size(): number {
    return this.map.size;
  }

  /** Looks a key up and marks it most recently used (Map keeps insertion order). */
  get(key: string): T | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.maxKeys) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.evictions++;
    }
  }

  evictWhere(predicate: (value: T) => boolean): number {
    let n = 0;
    for (const [key, value] of this.map) {
      if (predicate(value)) {
        this.map.delete(key);
        n++;
      }
    }
    this.evictions += n;
    return n;
  }

  entries(): IterableIterator<[string, T]> {
    return this.map.entries();
  }
}

/**
 * Space-saving: the most frequent values of a stream in k counters. A monitored value's counter is
 * incremented; an unmonitored one takes over the smallest counter, inheriting its count as error.
 * Every counter over-estimates its value's count by at most its error ≤ N/k, and any value seen
 * more than N/k times is monitored. Metwally, Agrawal, El Abbadi, "Efficient computation of
 * frequent and top-k elements in data streams", ICDT 2005. Counters live in a min-heap on
 * (count, value), so an event is O(log k); ties on the smallest count evict the smallest value.
 *
 * The paper's summary is add-only. `remove` is this file's extension for windows: a monitored
 * value's counter is decremented (its error capped at the new count), an unmonitored one is
 * ignored — its occurrence was absorbed into some counter's error, which stays an over-estimate.
 * While the values since the last clear have never exceeded k distinct, every counter is exact.
 */

export class SpaceSaving {
  private readonly slot = new Map<number, number>();
  /** Counters, grown up to k on demand and released by clear(). */
  private vals = new Float64Array(0);
  private cnts = new Float64Array(0);
  private errs = new Float64Array(0);
  private len = 0;
  /** Values added since the last clear. */
  total = 0;
  /** Heap comparisons so far: the op-count tests' measure of work. */
  comparisons = 0;

  constructor(readonly k: number) {}

  add(x: number): void {
    x = x === 0 ? 0 : x;
    this.total++;
    const i = this.slot.get(x);
    if (i !== undefined) {
      this.cnts[i]!++;
      this.down(i);
    } else if (this.len < this.k) {
      if (this.len === this.vals.length) this.grow();
      const j = this.len++;
      this.set(j, x, 1, 0);
      this.up(j);
    } else {
      this.slot.delete(this.vals[0]!);
      this.set(0, x, this.cnts[0]! + 1, this.cnts[0]!);
      this.down(0);
    }
  }

  /** One occurrence of x leaves (see the module doc). */
  remove(x: number): void {
    const i = this.slot.get(x === 0 ? 0 : x);
    if (i === undefined || this.cnts[i]! <= 0) return;
    this.cnts[i]!--;
    if (this.errs[i]! > this.cnts[i]!) this.errs[i] = this.cnts[i]!;
    this.up(i);
  }

  clear(): void {
    this.slot.clear();
    this.len = 0;
    this.total = 0;
    this.vals = new Float64Array(0);
    this.cnts = new Float64Array(0);
    this.errs = new Float64Array(0);
  }

  /** Bytes held: three arrays plus ~40 bytes per map entry. */
  bytes(): number {
    return this.vals.length * 24 + this.len * 40;
  }

  private grow(): void {
    const n = Math.min(this.k, Math.max(8, this.vals.length * 2));
    const copy = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.vals = copy(this.vals);
    this.cnts = copy(this.cnts);
    this.errs = copy(this.errs);
  }

  /** The counter with the largest count (ties: smallest value): [value, count, error], or undefined. O(k). */
  top(): [number, number, number] | undefined {
    if (this.len === 0) return undefined;
    let b = 0;
    for (let i = 1; i < this.len; i++) {
      if (this.cnts[i]! > this.cnts[b]! || (this.cnts[i] === this.cnts[b] && this.vals[i]! < this.vals[b]!)) b = i;
    }
    return this.cnts[b]! > 0 ? [this.vals[b]!, this.cnts[b]!, this.errs[b]!] : undefined;
  }

  /** Estimated count of x (an upper bound), 0 when not monitored. */
  estimate(x: number): number {
    const i = this.slot.get(x === 0 ? 0 : x);
    return i === undefined ? 0 : this.cnts[i]!;
  }

  private below(i: number, j: number): boolean {
    this.comparisons++;
    return this.cnts[i]! < this.cnts[j]! || (this.cnts[i] === this.cnts[j] && this.vals[i]! < this.vals[j]!);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.below(i, p)) return;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.len) return;
      const c = l + 1 < this.len && this.below(l + 1, l) ? l + 1 : l;
      if (!this.below(c, i)) return;
      this.swap(i, c);
      i = c;
    }
  }

  private swap(i: number, j: number): void {
    const v = this.vals[i]!;
    const c = this.cnts[i]!;
    const e = this.errs[i]!;
    this.set(i, this.vals[j]!, this.cnts[j]!, this.errs[j]!);
    this.set(j, v, c, e);
  }

  private set(i: number, v: number, c: number, e: number): void {
    this.vals[i] = v;
    this.cnts[i] = c;
    this.errs[i] = e;
    this.slot.set(v, i);
  }
}

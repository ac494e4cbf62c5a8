/**
 * Counts of values with the most frequent on top: an indexed binary heap ordered by (count desc,
 * value asc), plus a map from value to heap slot. A count changes by ±1 per event and the value
 * sifts up or down: O(log d) for d distinct values. Ties go to the smallest value, so the top is a
 * function of the window's contents alone, whatever order they arrived and left in. Binary heap:
 * Williams, "Algorithm 232: Heapsort", CACM 1964.
 */

export class CountHeap {
  private readonly slot = new Map<number, number>();
  private vals = new Float64Array(0);
  private cnts = new Float64Array(0);
  private len = 0;
  /** Comparisons so far: the op-count tests' measure of work. */
  comparisons = 0;

  get distinct(): number {
    return this.len;
  }

  /** Bytes held: the heap arrays plus ~40 bytes per map entry. */
  bytes(): number {
    return this.vals.length * 16 + this.len * 40;
  }

  add(x: number): void {
    x = x === 0 ? 0 : x; // −0 and 0 are one value
    const i = this.slot.get(x);
    if (i !== undefined) {
      this.cnts[i]!++;
      this.up(i);
      return;
    }
    if (this.len === this.vals.length) this.grow();
    const j = this.len++;
    this.vals[j] = x;
    this.cnts[j] = 1;
    this.slot.set(x, j);
    this.up(j);
  }

  remove(x: number): void {
    x = x === 0 ? 0 : x;
    const i = this.slot.get(x);
    if (i === undefined) return;
    if (--this.cnts[i]! > 0) {
      this.down(i);
      return;
    }
    this.slot.delete(x);
    const last = --this.len;
    if (i === last) return;
    this.place(i, this.vals[last]!, this.cnts[last]!);
    this.down(i);
    this.up(i);
  }

  clear(): void {
    this.slot.clear();
    this.len = 0;
    this.vals = new Float64Array(0); // an idle key holds no storage
    this.cnts = new Float64Array(0);
  }

  topValue(): number {
    return this.len ? this.vals[0]! : NaN;
  }

  topCount(): number {
    return this.len ? this.cnts[0]! : 0;
  }

  /**
   * Sum of the k largest counts: a best-first walk of the heap from the root (each popped node's
   * children join the frontier), O(k²) for the small k this is used with.
   */
  topSum(k: number): number {
    const frontier: number[] = this.len ? [0] : [];
    let sum = 0;
    for (let taken = 0; taken < k && frontier.length; taken++) {
      let best = 0;
      for (let f = 1; f < frontier.length; f++) if (this.before(frontier[f]!, frontier[best]!)) best = f;
      const i = frontier[best]!;
      frontier[best] = frontier[frontier.length - 1]!;
      frontier.pop();
      sum += this.cnts[i]!;
      for (const c of [2 * i + 1, 2 * i + 2]) if (c < this.len) frontier.push(c);
    }
    return sum;
  }

  /** True when slot i ranks above slot j: higher count, or the same count and a smaller value. */
  private before(i: number, j: number): boolean {
    this.comparisons++;
    const ci = this.cnts[i]!;
    const cj = this.cnts[j]!;
    return ci > cj || (ci === cj && this.vals[i]! < this.vals[j]!);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.len) return;
      const r = l + 1;
      const c = r < this.len && this.before(r, l) ? r : l;
      if (!this.before(c, i)) return;
      this.swap(i, c);
      i = c;
    }
  }

  private swap(i: number, j: number): void {
    const v = this.vals[i]!;
    const c = this.cnts[i]!;
    this.place(i, this.vals[j]!, this.cnts[j]!);
    this.place(j, v, c);
  }

  private place(i: number, v: number, c: number): void {
    this.vals[i] = v;
    this.cnts[i] = c;
    this.slot.set(v, i);
  }

  private grow(): void {
    const v = new Float64Array(Math.max(8, this.vals.length * 2));
    const c = new Float64Array(v.length);
    v.set(this.vals);
    c.set(this.cnts);
    this.vals = v;
    this.cnts = c;
  }
}

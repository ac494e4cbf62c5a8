/**
 * Count, mean and variance with removal (Welford's update and its inverse), O(1) per value.
 * Welford, "Note on a method for calculating corrected sums of squares and products", 1962.
 *
 * Removal is not exact in floating point: a large value leaving the window can leave a residue in
 * m2 of ~ε·x². Two guards: a constant window (the whole window one repeated value, as from a stuck
 * sensor) reports its mean exactly and variance exactly 0; and the owner recomputes the moments
 * from the stored rows every `n` removals (`needsRefresh`), amortized O(1), so residue never lingers
 * longer than one window's worth of events.
 */

export class Moments {
  n = 0;
  mean = 0;
  m2 = 0;
  /** Length of the run of identical values at the newest end of the window, and that value. */
  private run = 0;
  private runValue = NaN;
  private removals = 0;

  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
    if (x === this.runValue) this.run++;
    else {
      this.run = 1;
      this.runValue = x;
    }
  }

  remove(x: number): void {
    this.removals++;
    if (this.n <= 1) {
      this.reset();
      return;
    }
    const d = x - this.mean;
    this.n--;
    this.mean -= d / this.n;
    this.m2 -= d * (x - this.mean);
    if (this.m2 < 0) this.m2 = 0; // rounding can leave a tiny negative
    if (this.run > this.n) this.run = this.n;
  }

  /** True when enough removals happened since the last exact recompute (see the module doc). */
  needsRefresh(): boolean {
    return this.removals >= Math.max(this.n, 8);
  }

  /** Replaces the running state with an exact two-pass computation over `values`. */
  refresh(values: ArrayLike<number>): void {
    let n = 0;
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      n++;
      sum += v;
    }
    const mean = n ? sum / n : 0;
    let m2 = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isNaN(v)) m2 += (v - mean) * (v - mean);
    }
    this.n = n;
    this.mean = mean;
    this.m2 = m2;
    this.removals = 0;
  }

  /** The mean; exact when every value in the window is the same. */
  value(): number {
    if (this.n === 0) return NaN;
    return this.run === this.n ? this.runValue : this.mean;
  }

  /** Sample variance (n − 1 denominator); 0 below two values and for a constant window. */
  variance(): number {
    return this.n < 2 || this.run === this.n ? 0 : this.m2 / (this.n - 1);
  }

  private reset(): void {
    this.n = 0;
    this.mean = 0;
    this.m2 = 0;
    this.run = 0;
    this.runValue = NaN;
  }
}

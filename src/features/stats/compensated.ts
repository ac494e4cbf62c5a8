/**
 * A running sum with Neumaier's compensation, so adding and then subtracting the same terms leaves
 * (almost) no residue: the error is ≤ 2ε|sum| + O(kε²)·Σ|terms ever added| after k operations,
 * instead of O(kε)·Σ|terms| for a plain sum. Removal is adding the negated term, which is exact.
 * Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen", ZAMM 1974;
 * Kahan, "Further remarks on reducing truncation errors", CACM 1965.
 */

export class CompensatedSum {
  /** The running (rounded) sum. */
  hi = 0;
  /** The rounding errors so far, added back on read. */
  lo = 0;

  add(x: number): void {
    const t = this.hi + x;
    // Fast2Sum on the larger operand recovers the exact rounding error of `t`.
    if (Math.abs(this.hi) >= Math.abs(x)) this.lo += this.hi - t + x;
    else this.lo += x - t + this.hi;
    this.hi = t;
  }

  value(): number {
    return this.hi + this.lo;
  }

  reset(): void {
    this.hi = 0;
    this.lo = 0;
  }
}

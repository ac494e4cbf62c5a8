/**
 * Count, mean and variance with removal (Welford's update and its inverse), O(1) per value.
 * Welford, "Note on a method for calculating corrected sums of squares and products", 1962.
 */

export class Moments {
  n = 0;
  mean = 0;
  m2 = 0;

  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }

  remove(x: number): void {
    if (this.n <= 1) {
      this.n = 0;
      this.mean = 0;
      this.m2 = 0;
      return;
    }
    const d = x - this.mean;
    this.n--;
    this.mean -= d / this.n;
    this.m2 -= d * (x - this.mean);
    if (this.m2 < 0) this.m2 = 0; // rounding can leave a tiny negative
  }

  /** Sample variance (n − 1 denominator); 0 below two values. */
  variance(): number {
    return this.n < 2 ? 0 : this.m2 / (this.n - 1);
  }
}

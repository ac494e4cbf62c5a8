/** skew, kurt: sample skewness and excess kurtosis from shifted power sums with removal. */

import { CompensatedSum } from './compensated.ts';
import { fixedEntry } from './entry.ts';
import { presentValues, RefreshPolicy } from './refresh.ts';
import type { AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

/**
 * Keeps n and S_k = Σ(x − K)^k, k = 1..4, as compensated sums around a shift K; central sums
 * M_k = Σ(x − x̄)^k follow by the binomial expansion with a = S1/n:
 *   M2 = S2 − a·S1,  M3 = S3 − 3a·S2 + 2n·a³,  M4 = S4 − 4a·S3 + 6a²·S2 − 3n·a⁴.
 * Removal subtracts exactly the terms that were added (same K), so nothing drifts but the
 * cancellation in the expansion, which costs ~ε·(a/σ)^k relative: K is re-centred on the mean (an
 * O(n) recompute) per refresh.ts — beyond 4σ once a window of operations paid for it, at once
 * beyond 16σ. Deviations are also
 * scaled by a power of two (exact) so that x⁴ of values like 1e-100 or 1e80 stays in range. Shifted sums: Chan,
 * Golub, LeVeque, "Algorithms for computing the sample variance", 1983; higher moments with
 * removal: Pébay, "Formulas for robust, one-pass parallel computation of covariances and
 * arbitrary-order statistical moments", Sandia SAND2008-6212.
 *
 * Definitions are pandas' (`Series.rolling(n).skew()` / `.kurt()`), so models trained on pandas
 * features see the same numbers: the adjusted Fisher–Pearson G1 = √(n(n−1))/(n−2) · m3/m2^1.5 (NaN
 * below 3 values) and the unbiased excess kurtosis G2 = ((n²−1)·m4/m2² − 3(n−1)²)/((n−2)(n−3))
 * (NaN below 4 values), m_k = M_k/n. A constant window gives skew 0 and kurt −3, as pandas' rolling
 * versions do (GH 42064; its non-rolling `Series.kurt()` says 0: pandas-dev/pandas#53639). One
 * difference: pandas gives NaN when its raw-sum variance is ≤ 1e-14 (a guard against its own
 * cancellation); windows with tiny spreads are computed accurately here.
 */
class Shape implements Stat {
  private n = 0;
  private k = 0;
  /** A power of two (exact to multiply by) that brings deviations near 1: d⁴ neither under- nor overflows. */
  private scale = 1;
  private readonly s1 = new CompensatedSum();
  private readonly s2 = new CompensatedSum();
  private readonly s3 = new CompensatedSum();
  private readonly s4 = new CompensatedSum();
  /** Largest |scaled deviation| added since the last recompute: bounds the sums' residue. */
  private peak = 0;
  /** Length of the run of identical values at the newest end, and that value (as in Moments). */
  private run = 0;
  private runValue = NaN;
  private readonly policy = new RefreshPolicy();

  constructor(private readonly view: WindowView) {}

  add(x: number): void {
    if (this.n === 0) this.centre(x, Math.abs(x));
    this.accumulate(x, 1);
    if (x === this.runValue) this.run++;
    else {
      this.run = 1;
      this.runValue = x;
    }
    this.policy.added();
    this.settle();
  }

  remove(x: number): void {
    this.policy.removed();
    if (this.n <= 1) return this.clear();
    this.accumulate(x, -1);
    if (this.run > this.n) this.run = this.n;
  }

  rebuild(view: WindowView): void {
    this.clear();
    const xs = presentValues(view);
    if (xs.length === 0) return;
    let sum = 0;
    for (const x of xs) sum += x;
    const mean = sum / xs.length;
    let spread = 0;
    for (const x of xs) spread = Math.max(spread, Math.abs(x - mean));
    this.centre(mean, spread);
    for (const x of xs) {
      this.accumulate(x, 1);
      if (x === this.runValue) this.run++;
      else {
        this.run = 1;
        this.runValue = x;
      }
    }
  }

  skew(): number {
    this.settle();
    const n = this.n;
    if (n < 3) return NaN;
    if (this.run === n) return 0;
    const { m2, m3 } = this.central();
    if (!(m2 > 0)) return NaN;
    return ((Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / n)) / Math.pow(m2 / n, 1.5);
  }

  kurt(): number {
    this.settle();
    const n = this.n;
    if (n < 4) return NaN;
    if (this.run === n) return -3;
    const { m2, m4 } = this.central();
    if (!(m2 > 0)) return NaN;
    const ratio = (m4 / n) / ((m2 / n) * (m2 / n));
    return ((n * n - 1) * ratio - 3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
  }

  private central(): { m2: number; m3: number; m4: number } {
    const n = this.n;
    const s1 = this.s1.value();
    const s2 = this.s2.value();
    const s3 = this.s3.value();
    const a = s1 / n;
    const a2 = a * a;
    return {
      m2: s2 - a * s1,
      m3: s3 - 3 * a * s2 + 2 * n * a2 * a,
      m4: this.s4.value() - 4 * a * s3 + 6 * a2 * s2 - 3 * n * a2 * a2,
    };
  }

  /** Shift by k; scale so that deviations of size `spread` become ~1 (skew and kurt do not depend on scale). */
  private centre(k: number, spread: number): void {
    this.k = k;
    const e = spread > 0 && spread < Infinity ? Math.floor(Math.log2(spread)) : 0;
    this.scale = Math.pow(2, -Math.max(-1000, Math.min(1000, e)));
  }

  private accumulate(x: number, sign: 1 | -1): void {
    const d = (x - this.k) * this.scale;
    const d2 = d * d;
    if (sign > 0 && Math.abs(d) > this.peak) this.peak = Math.abs(d);
    this.n += sign;
    this.s1.add(sign * d);
    this.s2.add(sign * d2);
    this.s3.add(sign * d2 * d);
    this.s4.add(sign * d2 * d2);
  }

  /**
   * d² = ((mean − K)/σ)², Infinity when σ² cancelled or underflowed to ≤ 0 in a window that is not
   * constant, or when x⁴ overflowed (a value 2^256 beyond the scale); also large when the scale is
   * off by 2^±100 (variance outside 2^±200 in scaled units), so fourth powers stay in range.
   */
  private drift2(): number {
    const n = this.n;
    if (this.run === n) return 0;
    const a = this.s1.value() / n;
    const v = (this.s2.value() - a * this.s1.value()) / n;
    if (!(v > 0) || !Number.isFinite(this.s4.value())) return Infinity;
    if (!(v > 2 ** -200 && v < 2 ** 200)) return 2 ** 20;
    // Residue of S4 after k operations is ~kε²·peak⁴; relative to kurt's normalizer m2²/n that is
    // kε²·r²/n with r = peak²/σ². Beyond 1e-11, recompute now.
    const r = (this.peak * this.peak) / v;
    if (this.policy.operations * EPS2 * r * r > 1e-11 * n) return Infinity;
    return (a * a) / v;
  }

  /** The fourth moment's cancellation costs ~ε·d⁴: re-centre at once beyond d² = 2^8 (~1.5e-11). */
  private settle(): void {
    if (this.n >= 2 && this.policy.due(this.n, this.view, this.drift2(), 2 ** 8)) this.rebuild(this.view);
  }

  private clear(): void {
    this.n = 0;
    this.peak = 0;
    for (const s of [this.s1, this.s2, this.s3, this.s4]) s.reset();
    this.run = 0;
    this.runValue = NaN;
    this.policy.reset();
  }
}

const EPS2 = Number.EPSILON * Number.EPSILON;

const SHAPE: StatDef<Shape> = { id: 'shape', create: (view) => new Shape(view) };

const EXACTNESS = 'within ~1e-9 relative of a two-pass computation, worse only for near-constant windows (conditioning)';

export const SHAPE_AGGREGATES: AggregateEntry[] = [
  fixedEntry({
    name: 'skew',
    summary: 'sample skewness, adjusted Fisher–Pearson G1 (pandas rolling skew); NaN below 3 values, 0 for a constant window',
    cost: 'O(1) amortized',
    memory: 'O(1)',
    exactness: EXACTNESS,
    stat: SHAPE,
    read: (s) => s.skew(),
  }),
  fixedEntry({
    name: 'kurt',
    summary: 'sample excess kurtosis G2 (pandas rolling kurt); NaN below 4 values, −3 for a constant window',
    cost: 'O(1) amortized',
    memory: 'O(1)',
    exactness: EXACTNESS,
    stat: SHAPE,
    read: (s) => s.kurt(),
  }),
];

/** slope: least-squares trend of the values over event time, in units per second, O(1) with removal. */

import { CompensatedSum } from './compensated.ts';
import { fixedEntry } from './entry.ts';
import { RefreshPolicy } from './refresh.ts';
import type { AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

/**
 * Ordinary least squares of x on t: slope = Σ(t − t̄)(x − x̄) / Σ(t − t̄)². Kept as compensated sums
 * of the shifted coordinates t = (ts − T0)/1000 s and y = x − Y0, so removal is subtracting the very
 * terms that were added. Epoch-ms timestamps are ~1.7e12: unshifted, Σt² − (Σt)²/n would cancel
 * all 16 digits; shifted by a reference (T0, Y0) near the window's centre, the cancellation costs
 * only a factor d² = ((t̄ − T0)/σ_t)². The reference is reset to the centre (an O(n) recompute from
 * the rows) per refresh.ts: beyond 4σ once a window of operations paid for it — about once a
 * window, as time moves on — and at once beyond 256σ. Welford's co-moment is the other answer to
 * the same problem; the shifted form is the one that inverts exactly. Chan, Golub, LeVeque,
 * "Algorithms for computing the sample variance: analysis and recommendations", 1983.
 */
class Slope implements Stat {
  private n = 0;
  private t0 = 0;
  private y0 = 0;
  private readonly st = new CompensatedSum();
  private readonly sy = new CompensatedSum();
  private readonly stt = new CompensatedSum();
  private readonly syy = new CompensatedSum();
  private readonly sty = new CompensatedSum();
  /** Largest |t| and |y| added since the last recompute: bound the sums' residue. */
  private peakT = 0;
  private peakY = 0;
  /** Rows at the newest end sharing one timestamp: all of them means a zero time span. */
  private tsRun = 0;
  private tsRunValue = NaN;
  private readonly policy = new RefreshPolicy();

  constructor(private readonly view: WindowView) {}

  add(x: number, ts: number): void {
    if (this.n === 0) this.centre(ts, x);
    this.accumulate(x, ts, 1);
    if (ts === this.tsRunValue) this.tsRun++;
    else {
      this.tsRun = 1;
      this.tsRunValue = ts;
    }
    this.policy.added();
    this.settle();
  }

  remove(x: number, ts: number): void {
    this.policy.removed();
    if (this.n <= 1) return this.clear();
    this.accumulate(x, ts, -1);
    if (this.tsRun > this.n) this.tsRun = this.n;
  }

  rebuild(view: WindowView): void {
    this.clear();
    // one pass over the rows; the centre is taken relative to the first row, so equal values
    // give exactly that value
    const xs: number[] = [];
    const tss: number[] = [];
    for (let i = 0; i < view.size; i++) {
      const x = view.value(i);
      if (Number.isNaN(x)) continue;
      xs.push(x);
      tss.push(view.ts(i));
    }
    const n = xs.length;
    if (n === 0) return;
    let tSum = 0;
    let xSum = 0;
    for (let i = 0; i < n; i++) {
      tSum += tss[i]! - tss[0]!;
      xSum += xs[i]! - xs[0]!;
    }
    this.centre(tss[0]! + tSum / n, xs[0]! + xSum / n);
    for (let i = 0; i < n; i++) {
      const ts = tss[i]!;
      this.accumulate(xs[i]!, ts, 1);
      if (ts === this.tsRunValue) this.tsRun++;
      else {
        this.tsRun = 1;
        this.tsRunValue = ts;
      }
    }
  }

  /** Units per second; NaN below two values or when every value has the same timestamp. */
  value(): number {
    this.settle();
    if (this.n < 2 || this.tsRun === this.n) return NaN;
    const at = this.st.value() / this.n;
    const varT = this.stt.value() - this.st.value() * at;
    const cov = this.sty.value() - this.sy.value() * at;
    return varT > 0 ? cov / varT : NaN;
  }

  private accumulate(x: number, ts: number, sign: 1 | -1): void {
    const t = (ts - this.t0) / 1000;
    const y = x - this.y0;
    if (sign > 0) {
      this.peakT = Math.max(this.peakT, Math.abs(t));
      this.peakY = Math.max(this.peakY, Math.abs(y));
    }
    this.n += sign;
    this.st.add(sign * t);
    this.sy.add(sign * y);
    this.stt.add(sign * t * t);
    this.syy.add(sign * y * y);
    this.sty.add(sign * t * y);
  }

  /** d² of the reference from the mean, the larger of t and x (Infinity when a spread cancelled to ≤ 0 but the mean moved). */
  private drift2(): number {
    const n = this.n;
    const at = this.st.value() / n;
    const ay = this.sy.value() / n;
    const vt = (this.stt.value() - this.st.value() * at) / n;
    const vy = (this.syy.value() - this.sy.value() * ay) / n;
    // σ_t ≤ 0 with t̄ away from T0: the time spread cancelled away (re-centring fixes it for good).
    // σ_x ≤ 0 is a constant (stuck) value: its slope is 0 whatever the shift, so it is no drift.
    const dt = at === 0 ? 0 : vt > 0 ? (at * at) / vt : Infinity;
    const dy = ay === 0 || !(vy > 0) ? 0 : (ay * ay) / vy;
    // Residue of the second-order sums after k operations is ~kε²·peak²; relative to n·σ² that is
    // kε²·r/n with r = peak²/σ². Beyond 1e-11 (a value ~1e5σ beyond the spread left), recompute now.
    const k = this.policy.operations * EPS2;
    const rt = vt > 0 ? (this.peakT * this.peakT) / vt : 0;
    const ry = vy > 0 ? (this.peakY * this.peakY) / vy : 0;
    if (k * Math.max(rt, ry, Math.sqrt(rt * ry)) > 1e-11 * n) return Infinity;
    return Math.max(dt, dy);
  }

  /** The slope's cancellation costs ~ε·d²: re-centre at once beyond d² = 2^16 (~1.5e-11). */
  private settle(): void {
    if (this.n >= 2 && this.policy.due(this.n, this.view, this.drift2(), 2 ** 16)) this.rebuild(this.view);
  }

  private centre(t0: number, y0: number): void {
    this.t0 = t0;
    this.y0 = y0;
  }

  private clear(): void {
    this.n = 0;
    this.peakT = 0;
    this.peakY = 0;
    for (const s of [this.st, this.sy, this.stt, this.syy, this.sty]) s.reset();
    this.tsRun = 0;
    this.tsRunValue = NaN;
    this.policy.reset();
  }
}

const EPS2 = Number.EPSILON * Number.EPSILON;

const SLOPE: StatDef<Slope> = { id: 'slope', create: (view) => new Slope(view) };

export const SLOPE_AGGREGATES: AggregateEntry[] = [
  fixedEntry({
    name: 'slope',
    summary: 'least-squares slope of value over event time, units per second; NaN below two values or a zero time span',
    cost: 'O(1) amortized',
    memory: 'O(1)',
    exactness: 'within ~1e-9·(σ_x/σ_t) absolute: shifted compensated sums, re-centred on drift and every window',
    stat: SLOPE,
    read: (s) => s.value(),
  }),
];

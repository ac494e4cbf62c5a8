/** Two-sided CUSUM control chart on values standardized by an EW mean and variance. */

import { safeStd } from './score.ts';
import type { CreateOptions, Detector, DetectorDef } from './types.ts';
import { univariate, type Kernel } from './univariate.ts';

export interface CusumParams {
  /** Weight of the newest value in the reference mean/variance (slow, so a shift accumulates). */
  alpha: number;
  /** Allowance k, in standard deviations: drift below k is forgiven. */
  drift: number;
  /** Decision interval h, in standard deviations: the statistic that maps to score ½. */
  threshold: number;
  minSamples: number;
}

interface State {
  n: number;
  mean: number;
  variance: number;
  hi: number;
  lo: number;
}

function z(s: State, x: number): number {
  return (x - s.mean) / safeStd(Math.sqrt(s.variance), s.mean);
}

/**
 * Page's CUSUM (Biometrika 41, 1954): S⁺ ← max(0, S⁺ + z − k), S⁻ ← max(0, S⁻ − z − k). A chart
 * that crossed h restarts from 0 so the next shift can be seen (the usual "reset after signal").
 */
const kernel: Kernel<CusumParams, State> = {
  init: () => ({ n: 0, mean: 0, variance: 0, hi: 0, lo: 0 }),
  score(s, x, p) {
    if (s.n < Math.max(2, p.minSamples)) return 0;
    const zx = z(s, x);
    const stat = Math.max(s.hi + zx - p.drift, s.lo - zx - p.drift, 0);
    return stat / (stat + p.threshold);
  },
  learn(s, x, p) {
    s.n++;
    if (s.n === 1) {
      s.mean = x;
      return;
    }
    if (s.n >= Math.max(2, p.minSamples)) {
      const zx = Math.max(-1e6, Math.min(1e6, z(s, x)));
      s.hi = Math.max(0, s.hi + zx - p.drift);
      s.lo = Math.max(0, s.lo - zx - p.drift);
      if (s.hi > p.threshold || s.lo > p.threshold) s.hi = s.lo = 0;
    }
    const a = Math.max(p.alpha, 1 / s.n);
    const d = x - s.mean;
    s.mean += a * d;
    s.variance = (1 - a) * (s.variance + a * d * d);
  },
};

const defaults: CusumParams = { alpha: 0.005, drift: 0.5, threshold: 5, minSamples: 30 };

/** @example const d = cusum.create({ drift: 0.25, threshold: 8 }); */
export const cusum: DetectorDef<CusumParams> = {
  name: 'cusum',
  summary: 'Two-sided CUSUM control chart for small persistent mean shifts.',
  defaults,
  create(params?: Partial<CusumParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.threshold > 0)) throw new Error('cusum.threshold: must be positive');
    return univariate(kernel, p, opts?.state);
  },
};

/** Rolling Gaussian z-score: |x − mean| / std over the last `windowSize` values, O(1) per row. */

import { safeStd, zToScore } from './score.ts';
import type { CreateOptions, Detector, DetectorDef } from './types.ts';
import { univariate, type Kernel } from './univariate.ts';

export interface GaussianParams {
  /** Values in the sliding window. */
  windowSize: number;
  /** Score 0 until this many values have been seen. */
  minSamples: number;
  /** |z| that maps to score ½. */
  zHalf: number;
}

interface State {
  buf: number[];
  head: number;
  n: number;
  mean: number;
  m2: number;
}

/**
 * Welford's update and its exact inverse (the "revert" of River's `stats.Var`), so the window
 * slides in O(1) without a rescan. Welford, Technometrics 4(3), 1962.
 */
const kernel: Kernel<GaussianParams, State> = {
  init: () => ({ buf: [], head: 0, n: 0, mean: 0, m2: 0 }),
  score(s, x, p) {
    if (s.n < Math.max(2, p.minSamples)) return 0;
    const std = safeStd(Math.sqrt(Math.max(0, s.m2) / s.n), s.mean);
    return zToScore((x - s.mean) / std, p.zHalf);
  },
  learn(s, x, p) {
    if (s.n === p.windowSize) {
      const old = s.buf[s.head]!;
      s.buf[s.head] = x;
      s.head = (s.head + 1) % p.windowSize;
      const d = x - old;
      const oldMean = s.mean;
      s.mean += d / s.n;
      s.m2 += d * (x - s.mean + old - oldMean);
      return;
    }
    s.buf.push(x);
    s.n++;
    const d = x - s.mean;
    s.mean += d / s.n;
    s.m2 += d * (x - s.mean);
  },
};

const defaults: GaussianParams = { windowSize: 1000, minSamples: 30, zHalf: 3 };

/** @example const d = gaussian.create({ windowSize: 200 }); */
export const gaussian: DetectorDef<GaussianParams> = {
  name: 'gaussian',
  summary: 'Rolling Gaussian z-score over a sliding window (Welford with revert).',
  defaults,
  create(params?: Partial<GaussianParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.windowSize >= 2)) throw new Error('gaussian.windowSize: must be at least 2');
    return univariate(kernel, p, opts?.state);
  },
};

/** EWMA control chart: deviation of x from an exponentially weighted mean, in EW standard deviations. */

import { safeStd, zToScore } from './score.ts';
import type { CreateOptions, Detector, DetectorDef } from './types.ts';
import { univariate, type Kernel } from './univariate.ts';

export interface EwmaParams {
  /** Weight of the newest value in the mean and variance, in (0, 1]. */
  alpha: number;
  minSamples: number;
  zHalf: number;
}

/** Exponentially weighted count, mean and variance; shared with the adaptive threshold and the explainer's baseline. */
export interface EwState {
  n: number;
  mean: number;
  variance: number;
}

type State = EwState;

/** One update of an EW mean and variance with weight α for x (bias-corrected: at most 1/n). Mutates `s`. */
export function ewLearn(s: EwState, x: number, alpha: number): void {
  s.n++;
  if (s.n === 1) {
    s.mean = x;
    return;
  }
  // Until 1/α values have been seen, weight like a plain running mean (bias correction).
  const a = Math.max(alpha, 1 / s.n);
  const d = x - s.mean;
  s.mean += a * d;
  s.variance = (1 - a) * (s.variance + a * d * d);
}

/**
 * Roberts' EWMA chart (Technometrics 1959) with the incremental EW variance of Finch, "Incremental
 * calculation of weighted mean and variance" (2009): var ← (1−α)(var + α·d²), mean ← mean + α·d.
 */
const kernel: Kernel<EwmaParams, State> = {
  init: () => ({ n: 0, mean: 0, variance: 0 }),
  score(s, x, p) {
    if (s.n < Math.max(2, p.minSamples)) return 0;
    return zToScore((x - s.mean) / safeStd(Math.sqrt(s.variance), s.mean), p.zHalf);
  },
  learn: (s, x, p) => ewLearn(s, x, p.alpha),
};

const defaults: EwmaParams = { alpha: 0.01, minSamples: 30, zHalf: 3 };

/** @example const d = ewma.create({ alpha: 0.05 }); */
export const ewma: DetectorDef<EwmaParams> = {
  name: 'ewma',
  summary: 'EWMA control chart: z-score against exponentially weighted mean and variance.',
  defaults,
  create(params?: Partial<EwmaParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.alpha > 0 && p.alpha <= 1)) throw new Error('ewma.alpha: must be in (0, 1]');
    return univariate(kernel, p, opts?.state);
  },
};

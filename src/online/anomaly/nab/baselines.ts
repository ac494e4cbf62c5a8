/** NAB's own reference detectors, re-implemented only to check the scorer against published results. */

import { erfc } from '../score.ts';

/**
 * NAB's `windowedGaussian` (nab/detectors/gaussian/windowedGaussian_detector.py): mean/std of a
 * 6400-value window refreshed every 100 rows; score = 1 − Q(|z|) with Q the Gaussian tail.
 * Not a registry detector (it is not ours); the scorer test must reproduce its published score.
 */
export function nabWindowedGaussian(values: readonly number[]): number[] {
  const windowSize = 6400;
  const stepSize = 100;
  let window: number[] = [];
  let step: number[] = [];
  let mean = 0;
  let std = 1;
  // While the window fills, NAB recomputes mean/std on every row (O(n²)); a running sum and sum of
  // squared deviations (Welford) give the same values to ~1e-15, in O(1).
  let n = 0;
  let m2 = 0;
  const grow = (x: number): void => {
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
    std = Math.sqrt(m2 / n) || 0.000001;
  };
  const refresh = (): void => {
    mean = window.reduce((a, b) => a + b, 0) / window.length;
    std = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / window.length);
    if (std === 0) std = 0.000001;
  };
  return values.map((x) => {
    let score = 0;
    if (window.length > 0) {
      const z = Math.abs(x - mean) / std;
      score = 1 - 0.5 * erfc(z / Math.SQRT2);
    }
    if (window.length < windowSize) {
      window.push(x);
      grow(x);
    } else {
      step.push(x);
      if (step.length === stepSize) {
        window = window.slice(stepSize).concat(step);
        step = [];
        refresh();
      }
    }
    return py2Str(score);
  });
}

/**
 * The published v1.0 results files were written by Python 2, whose `str(float)` keeps 12
 * significant digits (thresholds such as 0.543099145074 show it). Scores that close to 1 were
 * therefore stored as exactly 1.0, which is why windowedGaussian's published threshold is 1.0.
 */
export function py2Str(x: number): number {
  return Number(x.toPrecision(12));
}

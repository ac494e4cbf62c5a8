/**
 * Coefficient of determination R² = 1 − SSE / SST (River's `metrics.R2`), SST from a running
 * Welford variance of the truth; 0 until two samples have been seen.
 */

import type { State } from '../types.ts';
import type { RegressionMetric } from './metric.ts';

export function createR2(state?: State): RegressionMetric {
  let n = Number(state?.n ?? 0);
  let mean = Number(state?.mean ?? 0);
  let sst = Number(state?.sst ?? 0);
  let sse = Number(state?.sse ?? 0);
  return {
    update(yTrue, yPred) {
      n += 1;
      const old = mean;
      mean += (yTrue - old) / n;
      sst += (yTrue - old) * (yTrue - mean);
      sse += (yTrue - yPred) ** 2;
    },
    value: () => (n > 1 && sst ? 1 - sse / sst : 0),
    snapshot: () => ({ n, mean, sst, sse }),
  };
}

/** Mean absolute error (River's `metrics.MAE`). */

import type { State } from '../types.ts';
import type { RegressionMetric } from './metric.ts';

export function createMae(state?: State): RegressionMetric {
  let n = Number(state?.n ?? 0);
  let sum = Number(state?.sum ?? 0);
  return {
    update(yTrue, yPred) {
      n += 1;
      sum += Math.abs(yTrue - yPred);
    },
    value: () => (n ? sum / n : 0),
    snapshot: () => ({ n, sum }),
  };
}

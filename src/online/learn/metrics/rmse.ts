/** Root mean squared error (River's `metrics.RMSE`). */

import type { State } from '../types.ts';
import type { RegressionMetric } from './metric.ts';

export function createRmse(state?: State): RegressionMetric {
  let n = Number(state?.n ?? 0);
  let sum = Number(state?.sum ?? 0);
  return {
    update(yTrue, yPred) {
      n += 1;
      sum += (yTrue - yPred) ** 2;
    },
    value: () => (n ? Math.sqrt(sum / n) : 0),
    snapshot: () => ({ n, sum }),
  };
}

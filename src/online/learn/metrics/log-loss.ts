/** Mean log loss −log p(truth), probabilities clamped to [1e-15, 1 − 1e-15] (River's `metrics.LogLoss`). */

import type { State } from '../types.ts';
import { pOf, type ProbaMetric } from './metric.ts';

const clampP = (p: number) => Math.max(Math.min(p, 1 - 1e-15), 1e-15);

export function createLogLoss(state?: State): ProbaMetric {
  let n = Number(state?.n ?? 0);
  let sum = Number(state?.sum ?? 0);
  return {
    update(yTrue, proba) {
      n += 1;
      sum += -Math.log(clampP(pOf(proba, yTrue)));
    },
    value: () => (n ? sum / n : 0),
    snapshot: () => ({ n, sum }),
  };
}

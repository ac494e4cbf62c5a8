/** Accuracy: the share of predictions equal to the truth (River's `metrics.Accuracy`). */

import type { State } from '../types.ts';
import { sameLabel, type LabelMetric } from './metric.ts';

export function createAccuracy(state?: State): LabelMetric {
  let n = Number(state?.n ?? 0);
  let correct = Number(state?.correct ?? 0);
  return {
    update(yTrue, yPred) {
      n += 1;
      if (sameLabel(yTrue, yPred)) correct += 1;
    },
    value: () => (n ? correct / n : 0),
    snapshot: () => ({ n, correct }),
  };
}

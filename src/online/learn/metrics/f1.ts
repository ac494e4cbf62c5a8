/** Binary F1 = 2·TP / (2·TP + FP + FN) for one positive label (River's `metrics.F1`, pos_val=True). */

import type { ClassLabel, State } from '../types.ts';
import { sameLabel, type LabelMetric } from './metric.ts';

export function createF1(pos: ClassLabel = true, state?: State): LabelMetric {
  let tp = Number(state?.tp ?? 0);
  let fp = Number(state?.fp ?? 0);
  let fn = Number(state?.fn ?? 0);
  return {
    update(yTrue, yPred) {
      const t = sameLabel(yTrue, pos);
      const p = sameLabel(yPred, pos);
      if (t && p) tp += 1;
      else if (p) fp += 1;
      else if (t) fn += 1;
    },
    value: () => (tp ? (2 * tp) / (2 * tp + fp + fn) : 0),
    snapshot: () => ({ tp, fp, fn }),
  };
}

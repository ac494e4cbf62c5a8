/**
 * River's approximate ROC AUC (`metrics.ROCAUC(n_thresholds=10)`): a confusion matrix at each of
 * the thresholds i/(n−1), the ends nudged by ∓1e-7, predicted positive when p > t, then the
 * trapezoid rule over (FPR, TPR), negated because FPR falls as the threshold rises.
 */

import type { ClassLabel, State } from '../types.ts';
import { pOf, sameLabel, type ProbaMetric } from './metric.ts';

interface Cm {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function createRocAucApprox(opts: { nThresholds?: number; pos?: ClassLabel } = {}, state?: State): ProbaMetric {
  const n = opts.nThresholds ?? 10;
  const pos = opts.pos ?? true;
  const thresholds = Array.from({ length: n }, (_, i) => i / (n - 1));
  thresholds[0]! -= 1e-7;
  thresholds[n - 1]! += 1e-7;
  const cms: Cm[] = (state?.cms as Cm[] | undefined)?.map((c) => ({ ...c })) ?? thresholds.map(() => ({ tp: 0, fp: 0, tn: 0, fn: 0 }));
  const div = (a: number, b: number) => (b ? a / b : 0);
  return {
    update(yTrue, proba) {
      const t = sameLabel(yTrue, pos);
      const p = pOf(proba, pos);
      thresholds.forEach((th, i) => {
        const cm = cms[i]!;
        const predPos = p > th;
        if (t && predPos) cm.tp++;
        else if (t) cm.fn++;
        else if (predPos) cm.fp++;
        else cm.tn++;
      });
    },
    value() {
      const tpr = cms.map((c) => div(c.tp, c.tp + c.fn));
      const fpr = cms.map((c) => div(c.fp, c.fp + c.tn));
      let area = 0;
      for (let i = 1; i < n; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
      return -area;
    },
    snapshot: () => ({ cms: cms.map((c) => ({ ...c })) }),
  };
}

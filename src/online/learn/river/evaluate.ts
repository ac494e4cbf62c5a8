/**
 * River's `evaluate.progressive_val_score` protocol: in file order, predict (probabilities when a
 * metric needs them), score unless the prediction is empty, then learn. No delay.
 */

import type { LabelMetric, ProbaMetric, RegressionMetric } from '../metrics/metric.ts';
import type { ClassLabel, Classifier, Regressor } from '../types.ts';
import type { Sample } from './datasets.ts';

export interface ClassifierMetrics {
  label?: Record<string, LabelMetric>;
  proba?: Record<string, ProbaMetric>;
}

/** Streams `data` through `model`; returns each metric's final value by name. */
export function evaluateClassifier(model: Classifier, data: Array<Sample<ClassLabel>>, metrics: ClassifierMetrics): Record<string, number> {
  for (const { x, y } of data) {
    const proba = model.predictProbaOne(x);
    // River: a `{}` prediction (nothing learned yet) is not scored. Labels come from the same
    // probabilities (argmax, first wins ties), exactly what `predict_one` would return.
    if (Object.keys(proba).length > 0) {
      const label = model.predictOne(x);
      for (const m of Object.values(metrics.proba ?? {})) m.update(y, proba);
      if (label !== null) for (const m of Object.values(metrics.label ?? {})) m.update(y, label);
    }
    model.learnOne(x, y);
  }
  return values({ ...metrics.label, ...metrics.proba });
}

export function evaluateRegressor(model: Regressor, data: Array<Sample<number>>, metrics: Record<string, RegressionMetric>): Record<string, number> {
  for (const { x, y } of data) {
    const yPred = model.predictOne(x);
    if (model.hasPrediction?.() !== false) for (const m of Object.values(metrics)) m.update(y, yPred);
    model.learnOne(x, y);
  }
  return values(metrics);
}

function values(metrics: Record<string, { value(): number }>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, m.value()]));
}

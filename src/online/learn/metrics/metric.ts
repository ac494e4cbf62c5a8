/** The prequential metric contract (River's `metrics.base`): `update(yTrue, yPred)`, `value()`, `snapshot()`. */

import type { ClassLabel, Proba, State } from '../types.ts';

export interface Metric<YTrue, YPred> {
  update(yTrue: YTrue, yPred: YPred): void;
  /** The metric over everything seen; 0 before any update (River's convention). */
  value(): number;
  snapshot(): State;
}

/** Scored on predicted labels (accuracy, F1). */
export type LabelMetric = Metric<ClassLabel, ClassLabel>;
/** Scored on class probabilities (log loss, ROC AUC). */
export type ProbaMetric = Metric<ClassLabel, Proba>;
/** Scored on numbers (MAE, RMSE, R²). */
export type RegressionMetric = Metric<number, number>;

/** Two labels are the same class when their string forms agree (`true` ≡ `'true'`). */
export const sameLabel = (a: ClassLabel, b: ClassLabel) => String(a) === String(b);

/** P(positive) from a probability map; missing means 0. */
export const pOf = (p: Proba, label: ClassLabel) => p[String(label)] ?? 0;

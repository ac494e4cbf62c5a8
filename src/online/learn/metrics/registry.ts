/**
 * The prequential metric registry: name → what it scores (labels, probabilities or numbers), its
 * factory (restoring from a snapshot when given one) and a summary.
 */

import type { State } from '../types.ts';
import { createAccuracy } from './accuracy.ts';
import { createF1 } from './f1.ts';
import { createLogLoss } from './log-loss.ts';
import { createMacroF1 } from './macro-f1.ts';
import { createMae } from './mae.ts';
import type { LabelMetric, ProbaMetric, RegressionMetric } from './metric.ts';
import { createR2 } from './r2.ts';
import { createRmse } from './rmse.ts';
import { createRocAucApprox } from './roc-auc-approx.ts';
import { createRocAuc } from './roc-auc.ts';

export type MetricSpec =
  | { scores: 'label'; summary: string; create(state?: State): LabelMetric }
  | { scores: 'proba'; summary: string; create(state?: State): ProbaMetric }
  | { scores: 'number'; summary: string; create(state?: State): RegressionMetric };

export const METRICS: Record<string, MetricSpec> = {
  accuracy: { scores: 'label', summary: 'share of correct labels', create: createAccuracy },
  f1: { scores: 'label', summary: 'binary F1, positive = true', create: (s) => createF1(true, s) },
  macroF1: { scores: 'label', summary: 'mean per-class F1', create: createMacroF1 },
  logLoss: { scores: 'proba', summary: 'mean −log p(truth)', create: createLogLoss },
  rocAuc: { scores: 'proba', summary: 'exact ROC AUC (keeps every score)', create: (s) => createRocAuc(true, s) },
  rocAucApprox: { scores: 'proba', summary: "River's ROC AUC at 10 thresholds", create: (s) => createRocAucApprox({}, s) },
  mae: { scores: 'number', summary: 'mean absolute error', create: createMae },
  rmse: { scores: 'number', summary: 'root mean squared error', create: createRmse },
  r2: { scores: 'number', summary: 'coefficient of determination', create: createR2 },
};

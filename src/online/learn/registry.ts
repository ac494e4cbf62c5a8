/**
 * The learner registry: name → factory, default params and summary. Adding a learner is one file
 * plus one line here. `pipeline` composes registered transformers with a registered model.
 */

import { amfClassifier } from './amf-classifier.ts';
import { amfRegressor } from './amf-regressor.ts';
import { arfClassifier } from './arf-classifier.ts';
import { gaussianNB } from './gaussian-nb.ts';
import { hoeffdingAdaptiveTreeClassifier } from './hoeffding-adaptive-tree-classifier.ts';
import { hoeffdingTreeClassifier } from './hoeffding-tree-classifier.ts';
import { hoeffdingTreeRegressor } from './hoeffding-tree-regressor.ts';
import { holtWinters } from './holt-winters.ts';
import { knnClassifier } from './knn-classifier.ts';
import { linearRegression } from './linear-regression.ts';
import { logisticRegression } from './logistic-regression.ts';
import { meanRegressor } from './mean-regressor.ts';
import { minMaxScaler } from './min-max-scaler.ts';
import { noChangeClassifier } from './no-change-classifier.ts';
import { oneHotEncoder } from './one-hot-encoder.ts';
import { paClassifier } from './pa-classifier.ts';
import { paRegressor } from './pa-regressor.ts';
import { perceptron } from './perceptron.ts';
import { createPipeline, type PipelineParams, type StepRef } from './pipeline.ts';
import { srpClassifier } from './srp-classifier.ts';
import { standardScaler } from './standard-scaler.ts';
import type { CreateOptions, Learner, LearnerSpec, Model, Params } from './types.ts';

/** Every single-step learner, by the name used in configs. */
export const LEARNERS: Record<string, LearnerSpec> = {
  standardScaler,
  minMaxScaler,
  oneHotEncoder,
  linearRegression,
  logisticRegression,
  perceptron,
  paClassifier,
  paRegressor,
  gaussianNB,
  hoeffdingTreeClassifier,
  hoeffdingTreeRegressor,
  hoeffdingAdaptiveTreeClassifier,
  holtWinters,
  knnClassifier,
  arfClassifier,
  srpClassifier,
  amfClassifier,
  amfRegressor,
  noChangeClassifier,
  meanRegressor,
};

/** Makes any registered learner by name, or a pipeline for `{ learner: 'pipeline', params }`. */
export function createLearner(ref: StepRef, opts: CreateOptions = {}): Learner {
  if (ref.learner === 'pipeline') return createPipeline(ref.params as unknown as PipelineParams, createLearner, opts);
  const spec = Object.hasOwn(LEARNERS, ref.learner) ? LEARNERS[ref.learner] : undefined;
  if (!spec) throw new Error(`learner: unknown '${ref.learner}' (known: ${Object.keys(LEARNERS).join(', ')}, pipeline)`);
  return spec.create(ref.params ?? {}, opts);
}

/**
 * `scaler | model` in one call.
 *
 * @example
 * const m = pipe(['standardScaler'], 'logisticRegression', { optimizer: { name: 'sgd', lr: 0.1 } });
 */
export function pipe(steps: string[], model: string, modelParams: Params = {}, opts: CreateOptions = {}): Model {
  const params: PipelineParams = { steps: steps.map((learner) => ({ learner })), model: { learner: model, params: modelParams } };
  return createPipeline(params, createLearner, opts);
}

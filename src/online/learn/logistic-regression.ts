/** Online binary logistic regression by SGD on the log loss (River's `linear_model.LogisticRegression`). */

import { createGlm, glmParams } from './glm.ts';
import { logLoss } from './optim/losses.ts';
import type { Classifier, LearnerSpec } from './types.ts';
import { argmax, asBool, binaryProba, sigmoid } from './util.ts';

/** River's defaults: SGD(0.01), intercept lr 0.01, no L2, gradients clipped at 1e12. */
export const logisticRegressionDefaults = {
  optimizer: { name: 'sgd', lr: 0.01 },
  l2: 0,
  interceptInit: 0,
  interceptLr: 0.01,
  clipGradient: 1e12,
};

/**
 * An empty model answers {false: 0.5, true: 0.5} and so predicts `false` (River's tie rule),
 * and is scored from the first sample, as in River.
 *
 * @example
 * const clf = logisticRegression.create();
 * clf.learnOne({ a: 1 }, true); clf.predictProbaOne({ a: 1 }).true;
 */
export const logisticRegression: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'Binary logistic regression, SGD on the log loss (River LogisticRegression)',
  defaults: logisticRegressionDefaults,
  create(params = {}, opts = {}) {
    const glm = createGlm(glmParams({ ...logisticRegressionDefaults, ...params }), opts.state);
    const predictProbaOne = (x: Parameters<typeof glm.raw>[0]) => binaryProba(sigmoid(glm.raw(x)));
    return {
      kind: 'classifier',
      predictProbaOne,
      predictOne: (x) => argmax(predictProbaOne(x)) === 'true',
      learnOne: (x, y) => glm.fit(x, asBool(y) ? 1 : 0, logLoss),
      snapshot: () => glm.snapshot(),
    };
  },
};

/** Online linear regression by SGD on the squared loss (River's `linear_model.LinearRegression`). */

import { createGlm, glmParams } from './glm.ts';
import { squaredLoss } from './optim/losses.ts';
import type { LearnerSpec, Regressor } from './types.ts';

/** River's defaults: SGD(0.01), intercept lr 0.01, no L2, gradients clipped at 1e12. */
export const linearRegressionDefaults = {
  optimizer: { name: 'sgd', lr: 0.01 },
  l2: 0,
  interceptInit: 0,
  interceptLr: 0.01,
  clipGradient: 1e12,
};

/**
 * @example
 * const lr = linearRegression.create({ optimizer: { name: 'sgd', lr: 0.05 } });
 * lr.learnOne({ a: 1 }, 3); lr.predictOne({ a: 1 });
 */
export const linearRegression: LearnerSpec<Regressor> = {
  kind: 'regressor',
  summary: 'Linear regression, SGD on the squared loss (River LinearRegression)',
  defaults: linearRegressionDefaults,
  create(params = {}, opts = {}) {
    const glm = createGlm(glmParams({ ...linearRegressionDefaults, ...params }), opts.state);
    return {
      kind: 'regressor',
      predictOne: (x) => glm.raw(x),
      learnOne: (x, y) => glm.fit(x, y, squaredLoss),
      snapshot: () => glm.snapshot(),
    };
  },
};

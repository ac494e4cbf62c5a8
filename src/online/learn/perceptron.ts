/** The perceptron (Rosenblatt, 1958) as River frames it: a GLM on the hinge loss with threshold 0, lr 1. */

import { createGlm, glmParams } from './glm.ts';
import { hingeLoss } from './optim/losses.ts';
import type { Classifier, LearnerSpec } from './types.ts';
import { argmax, asBool, binaryProba, sigmoid } from './util.ts';

/** River's `linear_model.Perceptron`: SGD(1), intercept lr 1, Hinge(threshold=0). */
export const perceptronDefaults = { l2: 0, clipGradient: 1e12 };

const hinge0 = hingeLoss(0);

/**
 * @example
 * const p = perceptron.create();
 * p.learnOne({ a: 1 }, true); p.predictOne({ a: 1 }); // true
 */
export const perceptron: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'Perceptron: hinge loss at threshold 0, SGD(1) (River Perceptron)',
  defaults: perceptronDefaults,
  create(params = {}, opts = {}) {
    const p = { ...perceptronDefaults, ...params, optimizer: { name: 'sgd', lr: 1 }, interceptInit: 0, interceptLr: 1 };
    const glm = createGlm(glmParams(p), opts.state);
    const predictProbaOne = (x: Parameters<typeof glm.raw>[0]) => binaryProba(sigmoid(glm.raw(x)));
    return {
      kind: 'classifier',
      predictProbaOne,
      predictOne: (x) => argmax(predictProbaOne(x)) === 'true',
      learnOne: (x, y) => glm.fit(x, asBool(y) ? 1 : 0, hinge0),
      snapshot: () => glm.snapshot(),
    };
  },
};

/** Passive-aggressive binary classifier on the hinge loss (River's `linear_model.PAClassifier`). */

import { paParams, paTau } from './pa-common.ts';
import type { Classifier, Features, LearnerSpec } from './types.ts';
import { argmax, asBool, binaryProba, dict, dot, fromState, jsonCopy, numeric, sigmoid } from './util.ts';

export const paClassifierDefaults = { C: 1, mode: 1, learnIntercept: true };

/**
 * @example
 * const pa = paClassifier.create({ C: 0.01 });
 * pa.learnOne({ a: 1 }, true); pa.predictOne({ a: 1 }); // true
 */
export const paClassifier: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'Passive-aggressive classifier, PA/PA-I/PA-II (River PAClassifier)',
  defaults: paClassifierDefaults,
  create(params = {}, opts = {}) {
    const p = paParams({ ...paClassifierDefaults, ...params });
    const w = dict(fromState<Record<string, number>>(opts.state, 'weights', {}));
    let intercept = fromState(opts.state, 'intercept', 0);
    const raw = (x: Features) => dot(w, x) + intercept;
    const predictProbaOne = (x: Features) => binaryProba(sigmoid(raw(x)));
    return {
      kind: 'classifier',
      predictProbaOne,
      predictOne: (x) => argmax(predictProbaOne(x)) === 'true',
      learnOne(x, y) {
        const sign = asBool(y) ? 1 : -1;
        const loss = Math.max(1 - sign * raw(x), 0);
        const step = paTau(p, x, loss) * sign;
        for (const [k, v] of numeric(x)) w[k] = (w[k] ?? 0) + step * v;
        if (p.learnIntercept) intercept += step;
      },
      snapshot: () => jsonCopy({ weights: w, intercept }),
    };
  },
};

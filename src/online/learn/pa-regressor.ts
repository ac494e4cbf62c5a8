/** Passive-aggressive regressor on the ε-insensitive loss (River's `linear_model.PARegressor`). */

import { paParams, paTau } from './pa-common.ts';
import type { Features, LearnerSpec, Regressor } from './types.ts';
import { dict, dot, fromState, jsonCopy, numeric } from './util.ts';

/** `riverLossQuirk` reproduces River's EpsilonInsensitiveHinge, which maps y to 2y − 1 (see below). */
export const paRegressorDefaults = { C: 1, mode: 1, eps: 0.1, learnIntercept: true, riverLossQuirk: false };

/**
 * The loss is max(|ŷ − y| − ε, 0) as in the paper. River's `EpsilonInsensitiveHinge` first maps
 * y to 2y − 1 (a binary-loss leftover); its published PARegressor figures (TrumpApproval MAE
 * 4.98403) depend on it, so `riverLossQuirk: true` reproduces them. Off by default.
 *
 * @example
 * const pa = paRegressor.create({ C: 0.1 });
 * pa.learnOne({ a: 1 }, 2); pa.predictOne({ a: 1 });
 */
export const paRegressor: LearnerSpec<Regressor> = {
  kind: 'regressor',
  summary: 'Passive-aggressive regressor, ε-insensitive (River PARegressor)',
  defaults: paRegressorDefaults,
  create(params = {}, opts = {}) {
    const merged = { ...paRegressorDefaults, ...params };
    const p = paParams(merged);
    const eps = Number(merged.eps);
    const quirk = merged.riverLossQuirk === true;
    const w = dict(fromState<Record<string, number>>(opts.state, 'weights', {}));
    let intercept = fromState(opts.state, 'intercept', 0);
    const predictOne = (x: Features) => dot(w, x) + intercept;
    return {
      kind: 'regressor',
      predictOne,
      learnOne(x, y) {
        const yPred = predictOne(x);
        const loss = Math.max(Math.abs(yPred - (quirk ? 2 * y - 1 : y)) - eps, 0);
        const step = paTau(p, x, loss) * Math.sign(y - yPred);
        for (const [k, v] of numeric(x)) w[k] = (w[k] ?? 0) + step * v;
        if (p.learnIntercept) intercept += step;
      },
      snapshot: () => jsonCopy({ weights: w, intercept }),
    };
  },
};

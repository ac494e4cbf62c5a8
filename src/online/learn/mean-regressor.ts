/** The "mean predictor" baseline (River's `dummy.StatisticRegressor(stats.Mean())`): 0 before any target. */

import type { LearnerSpec, Regressor } from './types.ts';
import { fromState } from './util.ts';

/**
 * @example
 * const b = meanRegressor.create();
 * b.learnOne({}, 2); b.learnOne({}, 4); b.predictOne({}); // 3
 */
export const meanRegressor: LearnerSpec<Regressor> = {
  kind: 'regressor',
  summary: 'Baseline: predicts the running mean of the targets (River StatisticRegressor(Mean))',
  defaults: {},
  create(_params = {}, opts = {}) {
    let n = fromState(opts.state, 'n', 0);
    let mean = fromState(opts.state, 'mean', 0);
    return {
      kind: 'regressor',
      predictOne: () => mean,
      learnOne(_x, y) {
        n += 1;
        mean += (y - mean) / n;
      },
      snapshot: () => ({ n, mean }),
    };
  },
};

/**
 * Online standardisation (River's `preprocessing.StandardScaler`): a running mean and population
 * variance per feature by Welford's update, x ↦ (x − mean) / std, and 0 where std is 0.
 */

import type { LearnerSpec, Transformer } from './types.ts';
import { dict, fromState, isNum, jsonCopy, mapNumeric } from './util.ts';

export const standardScalerDefaults = { withStd: true };

/**
 * Strings pass through untouched (for a one-hot step downstream); an unseen feature scales to 0.
 *
 * @example
 * const s = standardScaler.create();
 * s.learnOne({ a: 1 }); s.learnOne({ a: 3 }); s.transformOne({ a: 3 }); // { a: 1 }
 */
export const standardScaler: LearnerSpec<Transformer> = {
  kind: 'transformer',
  summary: 'Running mean/variance standardisation (River StandardScaler)',
  defaults: standardScalerDefaults,
  create(params = {}, opts = {}) {
    const withStd = { ...standardScalerDefaults, ...params }.withStd !== false;
    const counts = dict(fromState<Record<string, number>>(opts.state, 'counts', {}));
    const means = dict(fromState<Record<string, number>>(opts.state, 'means', {}));
    const vars = dict(fromState<Record<string, number>>(opts.state, 'vars', {}));
    return {
      kind: 'transformer',
      learnOne(x) {
        for (const k in x) {
          const v = x[k];
          if (!isNum(v)) continue;
          const n = (counts[k] = (counts[k] ?? 0) + 1);
          const old = means[k] ?? 0;
          const mean = (means[k] = old + (v - old) / n);
          const prev = vars[k] ?? 0;
          vars[k] = prev + ((v - old) * (v - mean) - prev) / n;
        }
      },
      transformOne: (x) =>
        mapNumeric(x, (v, k) => {
          const centred = v - (means[k] ?? 0);
          const sd = Math.sqrt(vars[k] ?? 0);
          return withStd ? (sd ? centred / sd : 0) : centred;
        }),
      snapshot: () => jsonCopy({ counts, means, vars }),
    };
  },
};

/** Online min–max scaling to [0, 1] (River's `preprocessing.MinMaxScaler`); 0 while max = min. */

import type { LearnerSpec, Transformer } from './types.ts';
import { dict, fromState, isNum, jsonCopy, mapNumeric } from './util.ts';

/**
 * Values outside the range seen so far map outside [0, 1], as in River; strings pass through.
 *
 * @example
 * const s = minMaxScaler.create();
 * s.learnOne({ a: 0 }); s.learnOne({ a: 4 }); s.transformOne({ a: 1 }); // { a: 0.25 }
 */
export const minMaxScaler: LearnerSpec<Transformer> = {
  kind: 'transformer',
  summary: 'Running min/max scaling to [0, 1] (River MinMaxScaler)',
  defaults: {},
  create(_params = {}, opts = {}) {
    const min = dict(fromState<Record<string, number>>(opts.state, 'min', {}));
    const max = dict(fromState<Record<string, number>>(opts.state, 'max', {}));
    return {
      kind: 'transformer',
      learnOne(x) {
        for (const k in x) {
          const v = x[k];
          if (!isNum(v)) continue;
          min[k] = Math.min(min[k] ?? v, v);
          max[k] = Math.max(max[k] ?? v, v);
        }
      },
      transformOne: (x) =>
        mapNumeric(x, (v, k) => {
          const lo = min[k] ?? 0;
          const range = (max[k] ?? 0) - lo;
          return range ? (v - lo) / range : 0;
        }),
      snapshot: () => jsonCopy({ min, max }),
    };
  },
};

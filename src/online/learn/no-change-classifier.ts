/** The "last class" baseline (River's `dummy.NoChangeClassifier`): predicts the previous label. */

import type { ClassLabel, Classifier, LearnerSpec } from './types.ts';
import { fromState } from './util.ts';

/**
 * @example
 * const b = noChangeClassifier.create();
 * b.learnOne({}, 'a'); b.predictOne({}); // 'a'
 */
export const noChangeClassifier: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'Baseline: predicts the last label seen (River NoChangeClassifier)',
  defaults: {},
  create(_params = {}, opts = {}) {
    let last = fromState<ClassLabel | null>(opts.state, 'last', null);
    return {
      kind: 'classifier',
      predictOne: () => last,
      predictProbaOne: () => (last === null ? {} : { [String(last)]: 1 }),
      learnOne: (_x, y) => void (last = y),
      snapshot: () => ({ last }),
    };
  },
};

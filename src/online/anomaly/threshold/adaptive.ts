/** Adaptive threshold: mean + k·std of the key's recent normal scores, exponentially weighted. */

import { ewLearn, type EwState } from '../ewma.ts';
import type { LevelParams, LevelPolicy } from './types.ts';

/**
 * Exponentially weighted mean and variance (Finch, "Incremental calculation of weighted mean and
 * variance", 2009, §9) of the scores outside incidents: each weighs half after `halfLife`
 * windows, so the line follows a device whose normal noise drifts, while incident windows (never
 * learned) cannot pull it up. Never below the floor `value`, never above 1. Skipping incidents
 * censors the scores above the line, which biases mean + kσ only by the rare crossings of noise.
 *
 * @example const a = adaptiveLevel({ value: 0.3, sigmas: 4, halfLife: 200 });
 */
export function adaptiveLevel(p: Pick<LevelParams, 'value' | 'sigmas' | 'halfLife'>): LevelPolicy<EwState> {
  const alpha = 1 - 2 ** (-1 / p.halfLife);
  return {
    init: () => ({ n: 0, mean: 0, variance: 0 }),
    level(s) {
      if (s.n < 2) return 1;
      return Math.min(1, Math.max(p.value, s.mean + p.sigmas * Math.sqrt(s.variance)));
    },
    learn(s, score, incident) {
      if (!incident) ewLearn(s, score, alpha);
    },
  };
}

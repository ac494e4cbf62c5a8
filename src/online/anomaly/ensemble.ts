/** Ensemble: combines member detectors' scores by mean or max; every member learns every row. */

import type { Detector, Sample } from './types.ts';

export type Combine = 'mean' | 'max';

/**
 * Score = mean (or max) of the members' scores, each optionally weighted. Members are built by the
 * caller (the registry resolves them by name), so this file imports no detector.
 */
export function createEnsemble(members: Detector[], opts: { combine: Combine; weights?: number[] }): Detector {
  const w = opts.weights ?? members.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0) || 1;
  return {
    scoreOne(x: Sample): number {
      if (opts.combine === 'max') return Math.max(0, ...members.map((m, i) => w[i]! * m.scoreOne(x)));
      return members.reduce((acc, m, i) => acc + w[i]! * m.scoreOne(x), 0) / total;
    },
    learnOne(x: Sample): void {
      for (const m of members) m.learnOne(x);
    },
    snapshot: () => ({ members: members.map((m) => m.snapshot()) }),
  };
}

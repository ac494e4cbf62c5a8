/** Spatial novelty: a value beyond everything seen so far (plus a tolerance) scores 1. */

import type { Detector, Sample } from './types.ts';
import { cloneState } from './types.ts';

export interface SpatialParams {
  /** Fraction of the seen range added on both sides before a value counts as novel. */
  tolerance: number;
  /** Rows before novelty is reported (the range is meaningless on a handful of values). */
  minSamples: number;
}

interface State {
  n: number;
  min: Record<string, number>;
  max: Record<string, number>;
}

export const spatialDefaults: SpatialParams = { tolerance: 0.05, minSamples: 300 };

/**
 * As in NAB's numenta detector ("spatial anomaly", SPATIAL_TOLERANCE = 0.05): the causal running
 * min/max of each feature, widened by tolerance·range; a value outside it scores 1, otherwise the
 * inner detector's score passes through. Only the rows seen so far are used — never whole-file extremes.
 */
export function withSpatial(inner: Detector, params: Partial<SpatialParams>, state?: unknown): Detector {
  const p = { ...spatialDefaults, ...params };
  const saved = state as { own: State } | undefined;
  const s: State = saved ? cloneState(saved.own) : { n: 0, min: {}, max: {} };
  const novel = (x: Sample): boolean => {
    if (s.n < p.minSamples) return false;
    for (const [k, v] of Object.entries(x)) {
      const lo = s.min[k];
      const hi = s.max[k];
      if (lo === undefined || hi === undefined || lo === hi || !Number.isFinite(v)) continue;
      const tol = (hi - lo) * p.tolerance;
      if (v > hi + tol || v < lo - tol) return true;
    }
    return false;
  };
  return {
    scoreOne: (x) => (novel(x) ? 1 : inner.scoreOne(x)),
    learnOne(x) {
      inner.learnOne(x);
      s.n++;
      for (const [k, v] of Object.entries(x)) {
        if (!Number.isFinite(v)) continue;
        if (!(v >= s.min[k]!)) s.min[k] = v;
        if (!(v <= s.max[k]!)) s.max[k] = v;
      }
    },
    snapshot: () => ({ inner: inner.snapshot(), own: cloneState(s) }),
  };
}

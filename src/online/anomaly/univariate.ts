/** Lifts a one-number kernel to a Detector over named features: one state per feature, score = max. */

import { cloneState, type Detector, type Sample } from './types.ts';

/** A per-feature algorithm with plain-object (JSON-safe) state; the kernel itself holds nothing. */
export interface Kernel<P, S> {
  init(p: P): S;
  score(s: S, x: number, p: P): number;
  learn(s: S, x: number, p: P): void;
}

/**
 * A detector that keeps one kernel state per feature name (created on first sight) and scores a
 * sample by its most anomalous feature. Non-finite feature values are ignored.
 */
export function univariate<P, S>(kernel: Kernel<P, S>, params: P, state?: unknown): Detector {
  const features: Record<string, S> = state ? cloneState((state as { features: Record<string, S> }).features) : {};
  return {
    scoreOne(x: Sample): number {
      let best = 0;
      for (const [k, v] of Object.entries(x)) {
        const s = features[k];
        if (s === undefined || !Number.isFinite(v)) continue;
        const sc = kernel.score(s, v, params);
        if (sc > best) best = sc;
      }
      return best;
    },
    learnOne(x: Sample): void {
      for (const [k, v] of Object.entries(x)) {
        if (!Number.isFinite(v)) continue;
        let s = features[k];
        if (s === undefined) features[k] = s = kernel.init(params);
        kernel.learn(s, v, params);
      }
    },
    snapshot: () => ({ features: cloneState(features) }),
  };
}

/**
 * Page–Hinkley test (Page, "Continuous Inspection Schemes", Biometrika 1954) as River's
 * `drift.PageHinkley` runs it: a faded cumulative sum of (x − running mean − δ); drift when it
 * reaches λ after `minInstances`. The detector starts afresh on the value after a drift.
 */

import type { DetectorSpec } from './detector.ts';

export const pageHinkleyDefaults = { minInstances: 30, delta: 0.005, threshold: 50, alpha: 1 - 0.0001, mode: 'up' };

interface PhState {
  n: number;
  mean: number;
  up: number;
  down: number;
  drift: boolean;
}

const fresh = (): PhState => ({ n: 1, mean: 0, up: 0, down: 0, drift: false });

/**
 * `mode: 'up'` (River's test) watches for a rising mean; `'down'` mirrors it; `'both'` does both.
 *
 * @example
 * const ph = pageHinkley.create({ threshold: 20 });
 * for (const x of errors) if (ph.update(x)) console.log('drift');
 */
export const pageHinkley: DetectorSpec = {
  summary: 'Page-Hinkley cumulative-sum test for a shift in the mean (River PageHinkley)',
  defaults: pageHinkleyDefaults,
  create(params = {}, opts = {}) {
    const p = { ...pageHinkleyDefaults, ...params };
    let s: PhState = { ...fresh(), ...(opts.state as Partial<PhState> | undefined) };
    return {
      update(x) {
        if (s.drift) s = fresh();
        s.mean += (x - s.mean) / s.n;
        s.up = Math.max(0, p.alpha * s.up + (x - s.mean - p.delta));
        s.down = Math.max(0, p.alpha * s.down + (s.mean - x - p.delta));
        s.n += 1;
        const watchUp = p.mode !== 'down';
        const watchDown = p.mode !== 'up';
        s.drift = s.n >= p.minInstances && ((watchUp && s.up >= p.threshold) || (watchDown && s.down >= p.threshold));
        return s.drift;
      },
      snapshot: () => ({ ...s }),
    };
  },
};

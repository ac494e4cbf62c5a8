/**
 * KSWIN (Raab, Heusinger & Schleif, "Reactive Soft Prototype Computing for Concept Drift
 * Streams", Neurocomputing 2020), as River's `drift.KSWIN` runs it: a sliding window of
 * `windowSize` values; the newest `statSize` are compared with `statSize` values drawn (seeded,
 * without replacement) from the older part by a two-sample Kolmogorov–Smirnov test; drift when
 * p ≤ α and D > 0.1, after which only the newest `statSize` values are kept.
 */

import { createLearnerRng, sample } from '../rng.ts';
import type { DetectorSpec } from './detector.ts';

export const kswinDefaults = { alpha: 0.005, windowSize: 100, statSize: 30, seed: 0 };

interface KswinState {
  window: number[];
  rng: number;
  drift: boolean;
}

/** The two-sample KS statistic D = sup |F₁ − F₂| over the pooled values. */
export function ksStatistic(a: number[], b: number[]): number {
  const xs = [...a].sort((p, q) => p - q);
  const ys = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < xs.length && j < ys.length) {
    const v = Math.min(xs[i]!, ys[j]!);
    while (i < xs.length && xs[i] === v) i++;
    while (j < ys.length && ys[j] === v) j++;
    d = Math.max(d, Math.abs(i / xs.length - j / ys.length));
  }
  return d;
}

/**
 * Exact two-sided p-value of D for equal sample sizes n (the reflection-principle sum scipy's
 * `ks_2samp(method="exact")` uses for n = m): P(D ≥ h/n) = 2 Σ_{j≥1} (−1)^{j−1} C(2n, n−jh) / C(2n, n).
 */
export function ksPValueEqual(d: number, n: number): number {
  const h = Math.round(d * n);
  if (h <= 0) return 1;
  // C(2n, n−k) / C(2n, n) = Π_{i=1..k} (n−k+i)/(n+i), accumulated without overflow.
  const ratio = (k: number) => {
    let r = 1;
    for (let i = 1; i <= k; i++) r *= (n - k + i) / (n + i);
    return r;
  };
  let p = 0;
  for (let j = 1; j * h <= n; j++) p += (j % 2 === 1 ? 2 : -2) * ratio(j * h);
  return Math.min(1, Math.max(0, p));
}

/**
 * @example
 * const d = kswin.create({ seed: 42 });
 * for (const x of values) if (d.update(x)) console.log('drift');
 */
export const kswin: DetectorSpec = {
  summary: 'KSWIN: Kolmogorov-Smirnov test between the newest values and a seeded sample of older ones (River KSWIN)',
  defaults: kswinDefaults,
  create(params = {}, opts = {}) {
    const p = { ...kswinDefaults, ...params };
    if (!(p.statSize > 0 && p.statSize < p.windowSize / 2)) throw new Error(`statSize: must be positive and below windowSize / 2 (got ${p.statSize})`);
    const saved = opts.state as KswinState | undefined;
    let window = saved ? [...saved.window] : [];
    const rng = createLearnerRng(saved?.rng ?? p.seed);
    let drift = saved?.drift ?? false;
    const older = Array.from({ length: p.windowSize - p.statSize }, (_, i) => i);
    return {
      update(x) {
        window.push(x);
        if (window.length > p.windowSize) window.shift();
        drift = false;
        if (window.length < p.windowSize) return false;
        const recent = window.slice(p.windowSize - p.statSize);
        const drawn = sample(rng, older, p.statSize).map((i) => window[i]!);
        const d = ksStatistic(drawn, recent);
        if (ksPValueEqual(d, p.statSize) <= p.alpha && d > 0.1) {
          drift = true;
          window = recent;
        }
        return drift;
      },
      snapshot: () => ({ window: [...window], rng: rng.state(), drift }),
    };
  },
};

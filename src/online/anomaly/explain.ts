/**
 * Explanations for anomaly events: which features carried the score, and whether each was above
 * or below its expected level. RCF detectors explain themselves (their DiVector attribution);
 * every other detector is explained generically by occlusion against a per-feature baseline.
 */

import type { Attribution } from './rcf.ts';
import { ewLearn, type EwState } from './ewma.ts';
import { safeStd } from './score.ts';
import type { Detector, Sample } from './types.ts';

/** One line of an explanation. `attribution` is the feature's share of the score (they sum to it). */
export interface ExplanationItem {
  feature: string;
  attribution: number;
  direction: 'high' | 'low';
  value: number;
  /** The feature's expected level: its baseline mean before this window. */
  expected: number;
}

/** Per-feature exponentially weighted mean and variance of a key's normal windows (JSON-safe). */
export type Baseline = Record<string, EwState>;

/** A window weighs half after this many windows in the baseline. */
export const BASELINE_HALF_LIFE = 100;
const ALPHA = 1 - 2 ** (-1 / BASELINE_HALF_LIFE);

export function learnBaseline(b: Baseline, x: Sample): void {
  for (const [f, v] of Object.entries(x)) {
    if (!Number.isFinite(v)) continue;
    ewLearn((b[f] ??= { n: 0, mean: 0, variance: 0 }), v, ALPHA);
  }
}

/**
 * The generic attribution, leave-one-feature-out (occlusion; Zeiler & Fergus, ECCV 2014, applied
 * to features): re-score x without one feature, and with it at its expected level (baseline mean),
 * and keep the lower score: the score the feature's value carries is its attribution, on the side
 * where the value lies. Dropping the key is exact for per-feature detectors (score = max over
 * features); the baseline mean serves detectors with a fixed feature set (HST, kNN). Works for any
 * detector because `scoreOne` never changes state. The direction is the way the score rises from
 * the value (a central difference of ±¼ baseline std): above or below what the detector expects,
 * which for a forecast detector is its forecast, not the baseline mean. When no single occlusion
 * moves the score, the standardized deviations of `zAttribution` are used instead. `score` is
 * x's score when the caller already has it.
 */
export function occlusionAttribution(detector: Detector, b: Baseline, x: Sample, score = detector.scoreOne(x)): Attribution {
  const out: Attribution = {};
  let total = 0;
  for (const [f, v] of Object.entries(x)) {
    const s = b[f];
    if (!s || s.n < 2) continue;
    const { [f]: _, ...without } = x;
    const occluded = Math.min(detector.scoreOne(without), detector.scoreOne({ ...x, [f]: s.mean }));
    const drop = Math.max(0, score - occluded);
    total += drop;
    const step = Math.max(Math.sqrt(s.variance) / 4, 1e-6 * (1 + Math.abs(v)));
    const slope = detector.scoreOne({ ...x, [f]: v + step }) - detector.scoreOne({ ...x, [f]: v - step });
    const high = slope === 0 ? v >= s.mean : slope > 0;
    out[f] = high ? { high: drop, low: 0 } : { high: 0, low: drop };
  }
  return total > 0 ? out : zAttribution(b, x);
}

/**
 * The fallback attribution: each feature's standardized deviation z = (x − mean) / std from the
 * baseline, split by sign. Detector-agnostic (it never calls the detector), so it explains
 * ensembles and univariate detectors alike; a feature with no baseline yet gets nothing.
 */
export function zAttribution(b: Baseline, x: Sample): Attribution {
  const out: Attribution = {};
  for (const [f, v] of Object.entries(x)) {
    const s = b[f];
    if (!s || s.n < 2 || !Number.isFinite(v)) continue;
    const z = (v - s.mean) / safeStd(Math.sqrt(s.variance), s.mean);
    out[f] = z >= 0 ? { high: z, low: 0 } : { high: 0, low: -z };
  }
  return out;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The top `k` features by attribution, each scaled so all features' parts sum to `score`.
 * Direction is the larger side of the feature's attribution (above or below its expected level).
 */
export function explain(attribution: Attribution, opts: { score: number; x: Sample; baseline: Baseline; k: number }): ExplanationItem[] {
  const entries = Object.entries(attribution).map(([feature, a]) => ({ feature, a, total: a.high + a.low }));
  const sum = entries.reduce((acc, e) => acc + e.total, 0);
  if (!(sum > 0) || opts.k === 0) return [];
  return entries
    .filter((e) => e.total > 0)
    .sort((a, b) => b.total - a.total || (a.feature < b.feature ? -1 : 1))
    .slice(0, opts.k)
    .map(({ feature, a, total }) => ({
      feature,
      attribution: round((opts.score * total) / sum),
      direction: a.high >= a.low ? 'high' : 'low',
      value: opts.x[feature]!,
      expected: round(opts.baseline[feature]?.mean ?? Number.NaN),
    }));
}

/** Anomaly likelihood: how unusual a detector's recent raw scores are against their own history. */

import { erfc } from './score.ts';
import type { Detector, Sample } from './types.ts';
import { cloneState } from './types.ts';

export interface LikelihoodParams {
  /** Rows during which the likelihood stays ½ (the inner detector is still learning). */
  learningPeriod: number;
  /** Raw scores kept to estimate their distribution. */
  historySize: number;
  /** The distribution is re-estimated every this many rows. */
  reestimationPeriod: number;
  /** Short-term moving average of raw scores compared against the distribution. */
  averagingWindow: number;
  /** Rows after a red likelihood during which another red is demoted to yellow (1 = only the next row). */
  cooldown: number;
}

interface State {
  n: number;
  history: number[];
  head: number;
  recent: number[];
  mean: number;
  std: number;
  /** Rows since the last "red" (≥ 1 − 1e-5) likelihood; reds within `cooldown` rows are demoted. */
  sinceRed: number;
}

export const likelihoodDefaults: LikelihoodParams = {
  learningPeriod: 288,
  historySize: 8640,
  reestimationPeriod: 100,
  averagingWindow: 10,
  cooldown: 1,
};

const LOG_FLOOR = Math.log(1e-10);

/**
 * After Ahmad et al., "Unsupervised real-time anomaly detection for streaming data" (Neurocomputing
 * 2017, §4): L = 1 − Q((μ̃ − μ)/σ) with μ̃ the mean of the last W raw scores and (μ, σ) those of
 * the score history, bounded below (μ ≥ 0.03, σ² ≥ 3e-4) so a quiet stream does not alarm on noise.
 * A red likelihood right after another red is demoted to yellow (1 − 1e-3), so a sustained incident
 * is reported once — NAB charges every detected row outside a window. The output is the log form
 * log(1 − L)/log(1e-10) in [0, 1], which spreads the interesting range near L = 1.
 */
export function withLikelihood(inner: Detector, params: Partial<LikelihoodParams>, state?: unknown): Detector {
  const p = { ...likelihoodDefaults, ...params };
  const saved = state as { inner: unknown; own: State } | undefined;
  const s: State = saved
    ? cloneState(saved.own)
    : { n: 0, history: [], head: 0, recent: [], mean: 0.03, std: Math.sqrt(3e-4), sinceRed: 1e9 };

  const averaged = (raw: number): number => {
    const w = s.recent.slice(-(p.averagingWindow - 1));
    return (w.reduce((a, b) => a + b, 0) + raw) / (w.length + 1);
  };
  const likelihood = (raw: number): number => {
    if (s.n < p.learningPeriod + p.averagingWindow) return 0.5;
    const z = (averaged(raw) - s.mean) / s.std;
    return 1 - 0.5 * erfc(z / Math.SQRT2);
  };
  const toScore = (L: number): number => {
    let tail = 1 - L;
    if (tail <= 1e-5 && s.sinceRed < p.cooldown) tail = 1e-3;
    return Math.min(1, Math.max(0, Math.log(1.0000000001 - (1 - tail)) / LOG_FLOOR));
  };

  return {
    scoreOne(x: Sample): number {
      return toScore(likelihood(inner.scoreOne(x)));
    },
    learnOne(x: Sample): void {
      const raw = inner.scoreOne(x);
      s.sinceRed = 1 - likelihood(raw) <= 1e-5 ? 0 : Math.min(s.sinceRed + 1, 1e9);
      inner.learnOne(x);
      s.n++;
      s.recent.push(raw);
      if (s.recent.length > p.averagingWindow) s.recent.shift();
      if (s.n <= p.learningPeriod) return;
      const avg = s.recent.reduce((a, b) => a + b, 0) / s.recent.length;
      if (s.history.length < p.historySize) s.history.push(avg);
      else {
        s.history[s.head] = avg;
        s.head = (s.head + 1) % p.historySize;
      }
      if (s.n % p.reestimationPeriod === 0 || s.history.length === p.averagingWindow) {
        const h = s.history;
        const mean = h.reduce((a, b) => a + b, 0) / h.length;
        const variance = h.reduce((a, b) => a + (b - mean) ** 2, 0) / h.length;
        s.mean = Math.max(mean, 0.03);
        s.std = Math.sqrt(Math.max(variance, 3e-4));
      }
    },
    snapshot: () => ({ inner: inner.snapshot(), own: cloneState(s) }),
  };
}

/** Change point by an exchangeability (power) martingale over KDE p-values of the recent window. */

import { kdePValue } from './pvalue.ts';
import type { CreateOptions, Detector, DetectorDef } from './types.ts';
import { univariate, type Kernel } from './univariate.ts';

export interface ChangepointParams {
  /** Values the p-values are computed against. */
  windowSize: number;
  /** Power martingale ε in (0, 1). */
  epsilon: number;
  /** Martingale value that maps to score ½. */
  martingaleHalf: number;
  minSamples: number;
}

interface State {
  buf: number[];
  head: number;
  /** log M, restarted at 0 (M = 1) whenever it would fall below, and capped at 2·log(martingaleHalf). */
  logM: number;
}

function logBet(p: number, eps: number): number {
  // ε·p^(ε−1), with p floored at 1e-3 so one isolated spike (a single tiny p) cannot by itself
  // push M past ~50: the martingale is meant to respond to a run of small p-values, i.e. a change.
  return Math.log(eps) + (eps - 1) * Math.log(Math.max(p, 1e-3));
}

/**
 * Vovk, Nouretdinov & Gammerman, "Testing exchangeability on-line" (ICML 2003): under an
 * exchangeable (no-change) stream the p-values are uniform and M = Π ε·pᵢ^(ε−1) stays small; a
 * run of small p-values after a change makes it grow. Like a CUSUM, log M is restarted at 0 when it
 * goes negative (otherwise a long quiet stretch would bury the next change) and capped, so the
 * detector re-arms soon after a change has been absorbed into the window.
 */
const kernel: Kernel<ChangepointParams, State> = {
  init: () => ({ buf: [], head: 0, logM: 0 }),
  score(s, x, p) {
    if (s.buf.length < Math.max(2, p.minSamples)) return 0;
    const m = Math.max(0, s.logM + logBet(kdePValue(s.buf, x, 'both'), p.epsilon));
    return m / (m + Math.log(p.martingaleHalf));
  },
  learn(s, x, p) {
    if (s.buf.length >= Math.max(2, p.minSamples)) {
      const next = s.logM + logBet(kdePValue(s.buf, x, 'both'), p.epsilon);
      s.logM = Math.min(Math.max(0, next), 2 * Math.log(p.martingaleHalf));
    }
    if (s.buf.length < p.windowSize) s.buf.push(x);
    else {
      s.buf[s.head] = x;
      s.head = (s.head + 1) % p.windowSize;
    }
  },
};

const defaults: ChangepointParams = { windowSize: 200, epsilon: 0.1, martingaleHalf: 100, minSamples: 30 };

/** @example const d = changepoint.create({ epsilon: 0.2 }); */
export const changepoint: DetectorDef<ChangepointParams> = {
  name: 'changepoint',
  summary: 'Exchangeability power martingale over KDE p-values: grows after a distribution change.',
  defaults,
  create(params?: Partial<ChangepointParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.epsilon > 0 && p.epsilon < 1)) throw new Error('changepoint.epsilon: must be in (0, 1)');
    if (!(p.martingaleHalf > 1)) throw new Error('changepoint.martingaleHalf: must be above 1');
    return univariate(kernel, p, opts?.state);
  },
};

/** Shingled nearest-neighbour distance: how far the last w values are from every earlier w-pattern. */

import type { CreateOptions, Detector, DetectorDef } from './types.ts';
import { univariate, type Kernel } from './univariate.ts';

export interface KnnParams {
  /** Shingle length w: the pattern compared is the last w values. */
  shingle: number;
  /** Earlier shingles kept for comparison (a ring). */
  historySize: number;
  /** Weight of the newest distance in the typical-distance EWMA. */
  alpha: number;
  /** Distance/typical ratio that maps to score ½. */
  ratioHalf: number;
}

interface State {
  recent: number[];
  /** historySize × shingle values, row-major, written as a ring. */
  history: number[];
  head: number;
  stored: number;
  typical: number;
  /** The last 2w − 1 values: its oldest w form the newest shingle that no longer overlaps a query. */
  lag: number[];
}

function shingleOf(recent: number[], x: number): number[] {
  return [...recent, x];
}

function nearest(s: State, q: number[], w: number): number {
  let best = Infinity;
  for (let r = 0; r < s.stored; r++) {
    let d = 0;
    const off = r * w;
    for (let k = 0; k < w && d < best; k++) {
      const e = s.history[off + k]! - q[k]!;
      d += e * e;
    }
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

/**
 * In the spirit of KNN-CAD (Burnaev & Ishimtsev, "Conformalized density- and distance-based anomaly
 * detection in time-series data", 2016): the non-conformity of a row is the distance of its shingle
 * to the nearest earlier shingle; the score compares it with the typical such distance (an EWMA),
 * so it is scale-free. Shingles are stored w rows late, so a pattern never matches its own overlap.
 */
const kernel: Kernel<KnnParams, State> = {
  init: () => ({ recent: [], history: [], head: 0, stored: 0, typical: 0, lag: [] }),
  score(s, x, p) {
    if (s.recent.length < p.shingle - 1 || s.stored < 20 || !(s.typical > 0)) return 0;
    const ratio = nearest(s, shingleOf(s.recent, x), p.shingle) / s.typical;
    const r2 = ratio * ratio;
    return r2 / (r2 + p.ratioHalf * p.ratioHalf);
  },
  learn(s, x, p) {
    const w = p.shingle;
    if (s.recent.length === w - 1) {
      const q = shingleOf(s.recent, x);
      if (s.stored >= 20) {
        const d = nearest(s, q, w);
        s.typical = s.typical === 0 ? d : (1 - p.alpha) * s.typical + p.alpha * d;
      }
      s.recent.push(x);
      s.recent.shift();
    } else s.recent.push(x);
    s.lag.push(x);
    if (s.lag.length > 2 * w - 1) s.lag.shift();
    if (s.lag.length === 2 * w - 1) {
      const old = s.lag.slice(0, w);
      const slot = s.head % p.historySize;
      for (let k = 0; k < w; k++) s.history[slot * w + k] = old[k]!;
      s.head = (s.head + 1) % p.historySize;
      if (s.stored < p.historySize) s.stored++;
    }
  },
};

const defaults: KnnParams = { shingle: 8, historySize: 500, alpha: 0.01, ratioHalf: 3 };

/** @example const d = knn.create({ shingle: 12, historySize: 1000 }); */
export const knn: DetectorDef<KnnParams> = {
  name: 'knn',
  summary: 'Distance of the last-w-values shingle to its nearest earlier shingle, over the typical distance.',
  defaults,
  create(params?: Partial<KnnParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.shingle >= 1 && p.historySize >= 1)) throw new Error('knn.shingle, knn.historySize: must be at least 1');
    return univariate(kernel, p, opts?.state);
  },
};
